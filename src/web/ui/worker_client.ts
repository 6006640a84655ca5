// The page's side of the Web Worker: one job at a time; starting a job ends the one before it
// (the worker is terminated and a fresh one started, so a long run never blocks a new request).

import type { Job, Reply } from "../protocol.ts";

export type Final = Exclude<Reply, { kind: "progress" }>;

let current: Worker | null = null;

export function startJob(job: Job, onProgress: (done: number, total: number) => void): Promise<Final> {
  current?.terminate();
  const worker = new Worker(new URL("../worker.ts", import.meta.url), { type: "module" });
  current = worker;
  return new Promise((resolve) => {
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const r = e.data;
      if (r.kind === "progress") return onProgress(r.done, r.total);
      worker.terminate();
      if (current === worker) current = null;
      resolve(r);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ kind: "error", message: e.message || "the worker failed" });
    };
    worker.postMessage(job);
  });
}

export function stopJob(): void {
  current?.terminate();
  current = null;
}
