// Worker threads for large experiments: an executor of jobs.ts's jobs. Idle threads take the
// next job; a fold comes back as JSON per job.

import module from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { configToWire } from "../../kernel/decisions.ts";
import type { Fold } from "./aggregate.ts";
import { foldOfReply, type Job, type Spread, type WorkerReply } from "./jobs.ts";

/**
 * Below this many runs a worker's start-up (loading pinsim's modules, 0.2 CPU-s with the compile
 * cache, and warming up its JIT) costs more than it saves: measured with `compare --workers 1`
 * and `--workers 2` on 2 cores, 2 workers took 1.5x the wall time at 200 runs, the same at 400.
 */
const MIN_RUNS_FOR_WORKERS = 400;
const MAX_WORKERS = 8;

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

/** Jobs on `workers` threads, several jobs per thread so a slow kernel leaves none idle. */
export function threadSpread(workers: number): Spread {
  return {
    execute: (jobs, total, onProgress) => runJobs(jobs, Math.min(workers, jobs.length), total, onProgress),
    chunk: (totalRuns) => Math.max(25, Math.ceil(totalRuns / (workers * 4))),
  };
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
        try {
          results[j] = foldOfReply(m);
        } catch (e) {
          return fail(e);
        }
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
