// A run with every trace event collected, for `pinsim trace`.

import type { TraceEvent } from "../../kernel/trace.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { Limits } from "./budget.ts";
import { runScenario } from "./run.ts";
import type { RunResult } from "./run_result.ts";

export interface TracedRun {
  readonly result: RunResult;
  readonly events: TraceEvent[];
}

export function traceScenario(scenario: Scenario, kernel: string, seed: number, limits?: Limits): TracedRun {
  const events: TraceEvent[] = [];
  const result = runScenario(scenario, kernel, seed, { trace: { emit: (ev) => events.push(ev) }, limits });
  return { result, events };
}
