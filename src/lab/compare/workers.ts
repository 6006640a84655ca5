// Worker threads for large experiments. The work is cut into jobs, each a contiguous seed range
// of one kernel; idle workers take the next job; the folds come back as JSON and are merged per
// kernel in seed order, so the result is identical to folding every run on the main thread.

import module from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { KernelConfig } from "../../kernel/config.ts";
import { configToWire } from "../../kernel/decisions.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { LimitError, type Limits } from "../run/budget.ts";
import { type InvariantChecks, ModelInvariantError } from "../run/run.ts";
import { type Fold, type FoldWire, foldFromWire, mergeInto } from "./aggregate.ts";

/**
 * Below this many runs a worker's start-up (loading pinsim's modules, 0.2 CPU-s with the compile
 * cache, and warming up its JIT) costs more than it saves: measured with `compare --workers 1`
 * and `--workers 2` on 2 cores, 2 workers took 1.5x the wall time at 200 runs, the same at 400.
 */
const MIN_RUNS_FOR_WORKERS = 400;
const MAX_WORKERS = 8;

export interface Job {
  readonly scenario: Scenario;
  readonly limits: Limits | undefined;
  readonly config: KernelConfig;
  readonly base: number;
  readonly first: number;
  readonly count: number;
  readonly invariants?: InvariantChecks;
}

/** A ModelInvariantError as it crosses the thread boundary (structured clone drops the class). */
export interface InvariantWire {
  readonly violation: string;
  readonly scenario: string;
  readonly kernel: string;
  readonly seed: number;
  readonly where: string;
}

export type WorkerReply =
  | { readonly kind: "run" }
  | { readonly kind: "fold"; readonly fold: FoldWire }
  /** A run hit a limit: the user's input, sent as data since an Error loses its class on the way. */
  | { readonly kind: "limit"; readonly message: string }
  | { readonly kind: "invariant"; readonly error: InvariantWire };

/**
 * A worker's first code, plain JavaScript: it turns on Node's compile cache where the main thread
 * has it (a worker does not inherit it) before worker_entry.ts loads, or every worker would strip
 * and compile pinsim's modules again.
 */
const WORKER_START = `
const { workerData } = require("node:worker_threads");
if (workerData.cacheDir !== undefined) require("node:module").enableCompileCache(workerData.cacheDir);
import(workerData.entry);
`;

function workerStart(): { cacheDir: string | undefined; entry: string } {
  return { cacheDir: module.getCompileCacheDir(), entry: new URL("./worker_entry.ts", import.meta.url).href };
}

/** Threads to use for `totalRuns` runs: 1 (in-process) when small or when workers can't load .ts. */
export function workerCount(totalRuns: number): number {
  if (!canLoadTypeScriptInWorkers() || totalRuns < MIN_RUNS_FOR_WORKERS) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_WORKERS, Math.ceil(totalRuns / 100)));
}

/** Node strips types natively from 22.6 (process.features.typescript); older Node (vitest's) cannot. */
function canLoadTypeScriptInWorkers(): boolean {
  const features = process.features as { typescript?: string | false };
  return typeof features.typescript === "string";
}

interface Plan {
  readonly runs: number;
  readonly seed: number;
  readonly limits?: Limits;
  readonly invariants?: InvariantChecks;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function foldInWorkers(
  scenario: Scenario,
  configs: readonly KernelConfig[],
  plan: Plan,
  workers: number,
): Promise<Fold[]> {
  const jobs = planJobs(scenario, configs, plan, workers);
  const folds = await runJobs(
    jobs,
    Math.min(workers, jobs.length),
    plan.runs * configs.length,
    plan.onProgress,
  );
  return configs.map((_, k) => mergeChunks(folds.filter((_, j) => jobs[j]!.config === configs[k])));
}

function planJobs(scenario: Scenario, configs: readonly KernelConfig[], plan: Plan, workers: number): Job[] {
  // Several jobs per worker so a slow kernel does not leave the other threads idle at the end.
  const chunk = Math.max(25, Math.ceil((plan.runs * configs.length) / (workers * 4)));
  const jobs: Job[] = [];
  for (const config of configs) {
    for (let first = 0; first < plan.runs; first += chunk) {
      jobs.push({
        scenario,
        limits: plan.limits,
        config,
        base: plan.seed,
        first,
        count: Math.min(chunk, plan.runs - first),
        invariants: plan.invariants,
      });
    }
  }
  return jobs;
}

function mergeChunks(chunks: Fold[]): Fold {
  const [head, ...rest] = chunks;
  for (const c of rest) mergeInto(head!, c);
  return head!;
}

function runJobs(
  jobs: readonly Job[],
  nWorkers: number,
  total: number,
  onProgress?: (done: number, total: number) => void,
): Promise<Fold[]> {
  return new Promise((resolve, reject) => {
    const results: Fold[] = new Array(jobs.length);
    const pool: Worker[] = [];
    let next = 0;
    let finished = 0;
    let runsDone = 0;
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of pool) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker) => {
      if (next >= jobs.length) return; // idle until every job is in: terminated then
      const j = next++;
      w.removeAllListeners("message");
      w.on("message", (m: WorkerReply) => {
        if (m.kind === "run") return onProgress?.(++runsDone, total);
        if (m.kind === "limit") return fail(new LimitError(m.message));
        if (m.kind === "invariant") {
          const e = m.error;
          return fail(new ModelInvariantError(e.violation, e.scenario, e.kernel, e.seed, e.where));
        }
        results[j] = foldFromWire(m.fold);
        if (++finished === jobs.length) {
          settled = true;
          for (const x of pool) void x.terminate();
          resolve(results);
        } else feed(w);
      });
      w.postMessage({ ...jobs[j]!, config: configToWire(jobs[j]!.config) });
    };
    for (let i = 0; i < nWorkers; i++) {
      const w = new Worker(WORKER_START, { eval: true, workerData: workerStart() });
      w.on("error", fail);
      // A worker that dies without an error event (out of memory, say) must not hang the run.
      w.on("exit", (code) => {
        if (!settled && code !== 0) fail(new Error(`worker exited with code ${code}`));
      });
      pool.push(w);
      feed(w);
    }
  });
}
