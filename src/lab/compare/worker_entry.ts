// A worker thread of workers.ts: folds the seed ranges it is sent, reporting each run for the
// progress bar.

import { parentPort } from "node:worker_threads";
import { ModelInvariantError } from "../run/run.ts";
import { foldToWire } from "./aggregate.ts";
import { foldRange } from "./compare.ts";
import type { Job, WorkerReply } from "./workers.ts";

const port = parentPort!;
port.on("message", (job: Job) => {
  const run: WorkerReply = { kind: "run" };
  try {
    const progress = () => port.postMessage(run);
    const fold = foldRange(
      job.scenario,
      job.config,
      job.base,
      job.first,
      job.count,
      progress,
      job.invariants,
    );
    port.postMessage({ kind: "fold", fold: foldToWire(fold) } satisfies WorkerReply);
  } catch (e) {
    if (!(e instanceof ModelInvariantError)) throw e;
    const { violation, scenario, kernel, seed, where } = e;
    const error = { violation, scenario, kernel, seed, where };
    port.postMessage({ kind: "invariant", error } satisfies WorkerReply);
  }
});
