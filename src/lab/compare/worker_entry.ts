// A worker thread of workers.ts: folds the seed ranges it is sent, reporting each run for the
// progress bar.

import { parentPort } from "node:worker_threads";
import { configFromWire } from "../../kernel/decisions.ts";
import { foldRange } from "./fold_range.ts";
import { type Job, replyOf, type WorkerReply } from "./jobs.ts";

const port = parentPort!;
port.on("message", (job: Job) => {
  const run: WorkerReply = { kind: "run" };
  let reply: WorkerReply;
  try {
    const fold = foldRange(
      job.scenario,
      configFromWire(job.config),
      job.base,
      job.first,
      job.count,
      job.limits,
      () => port.postMessage(run),
      job.invariants,
    );
    reply = replyOf(fold);
  } catch (e) {
    reply = replyOf(null, e);
  }
  port.postMessage(reply);
});
