// A run with its trace events collected, for `pinsim trace`. `keep` drops events as they are
// emitted, so a narrowed trace of a large scenario never holds the events it will not print.

import type { KernelConfig } from "../../kernel/config.ts";
import type { TraceEvent } from "../../kernel/trace.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { Limits } from "./budget.ts";
import { type InvariantChecks, runScenario } from "./run.ts";
import type { RunResult } from "./run_result.ts";

export interface TracedRun {
  readonly result: RunResult;
  readonly events: TraceEvent[];
}

export function traceScenario(
  scenario: Scenario,
  config: KernelConfig,
  seed: number,
  keep: (ev: TraceEvent) => boolean = () => true,
  limits?: Limits,
  invariants: InvariantChecks = "pins",
): TracedRun {
  const events: TraceEvent[] = [];
  const emit = (ev: TraceEvent): void => {
    if (keep(ev)) events.push(ev);
  };
  const result = runScenario(scenario, config, seed, { trace: { emit }, limits, invariants });
  return { result, events };
}
