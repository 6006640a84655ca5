// A run with every trace event collected, for `pinsim trace`.

import type { KernelConfig } from "../../kernel/config.ts";
import type { TraceEvent } from "../../kernel/trace.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { runScenario } from "./run.ts";
import type { RunResult } from "./run_result.ts";

export interface TracedRun {
  readonly result: RunResult;
  readonly events: TraceEvent[];
}

export function traceScenario(scenario: Scenario, config: KernelConfig, seed: number): TracedRun {
  const events: TraceEvent[] = [];
  const result = runScenario(scenario, config, seed, { trace: { emit: (ev) => events.push(ev) } });
  return { result, events };
}
