// `pinsim check --estimate`: Knuth's estimate (with look-ahead, engine/explore/estimate.ts) of the
// executions an exhaustive DFS of the check would run — an upper bound for DPOR, which explores a
// part of that tree. The CLI turns the walks' event count into a time prediction with its own
// clock, and --max-seconds bounds the walking.

import { type Estimate, estimateDfs } from "../engine/explore/estimate.ts";
import { Executor } from "../engine/explore/executor.ts";
import type { CheckRequest } from "./check.ts";
import { CheckSubject } from "./execution.ts";
import { MAX_EVENTS } from "./replay.ts";

export interface CheckEstimate extends Estimate {
  readonly scenario: string;
  readonly kernel: string;
  readonly cpus: number;
  readonly folios: number;
  readonly strategy: string;
  readonly maxPreemptions: number | null;
  readonly sleepSets: boolean;
}

export const ESTIMATE_PROBES = 200;

export function estimateCheck(req: CheckRequest, probes = ESTIMATE_PROBES): CheckEstimate {
  const target = req.target;
  const executor = new Executor(new CheckSubject(target, () => {}, { reuse: true }), {
    timers: req.timers,
    footprints: true,
    maxEvents: MAX_EVENTS,
  });
  const sleepSets = !Number.isFinite(req.maxPreemptions);
  const est = estimateDfs(executor, {
    probes,
    seed: req.seed,
    maxPreemptions: req.maxPreemptions,
    sleepSets,
    timeUp: req.timeUp,
  });
  return {
    ...est,
    scenario: target.name,
    kernel: target.config.name,
    cpus: target.size.cpus,
    folios: target.size.folios,
    strategy: req.strategy,
    maxPreemptions: Number.isFinite(req.maxPreemptions) ? req.maxPreemptions : null,
    sleepSets,
  };
}
