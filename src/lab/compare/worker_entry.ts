// A worker thread of workers.ts: folds the seed ranges it is sent, reporting each run for the
// progress bar.

import { parentPort } from "node:worker_threads";
import { configFromWire } from "../../kernel/decisions.ts";
import { LimitError } from "../run/budget.ts";
import { ModelInvariantError } from "../run/run.ts";
import { foldToWire } from "./aggregate.ts";
import { foldRange } from "./fold_range.ts";
import type { Job, WorkerReply } from "./workers.ts";

const port = parentPort!;
port.on("message", (job: Job) => {
  const run: WorkerReply = { kind: "run" };
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
    port.postMessage({ kind: "fold", fold: foldToWire(fold) } satisfies WorkerReply);
  } catch (e) {
    if (e instanceof LimitError) {
      port.postMessage({ kind: "limit", message: e.message } satisfies WorkerReply);
      return;
    }
    if (!(e instanceof ModelInvariantError)) throw e;
    const { violation, scenario, kernel, seed, where } = e;
    const error = { violation, scenario, kernel, seed, where };
    port.postMessage({ kind: "invariant", error } satisfies WorkerReply);
  }
});
