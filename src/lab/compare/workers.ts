// Worker threads for large experiments: an executor of jobs.ts's jobs. Idle threads take the
// next job; a fold comes back as JSON per job.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { configToWire } from "../../kernel/decisions.ts";
import type { Fold } from "./aggregate.ts";
import { foldOfReply, type Job, type Spread, type WorkerReply } from "./jobs.ts";

/** Below this many runs a worker's start-up (loading pinsim's modules) costs more than it saves. */
const MIN_RUNS_FOR_WORKERS = 200;
const MAX_WORKERS = 8;

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
      const w = new Worker(new URL("./worker_entry.ts", import.meta.url));
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
