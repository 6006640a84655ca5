// A run with its trace events collected, for `pinsim trace`. `keep` drops events as they are
// emitted, so a narrowed trace of a large scenario never holds the events it will not print.

import type { TraceEvent } from "../../kernel/trace.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { runScenario } from "./run.ts";
import type { RunResult } from "./run_result.ts";

export interface TracedRun {
  readonly result: RunResult;
  readonly events: TraceEvent[];
}

export function traceScenario(
  scenario: Scenario,
  kernel: string,
  seed: number,
  keep: (ev: TraceEvent) => boolean = () => true,
): TracedRun {
  const events: TraceEvent[] = [];
  const emit = (ev: TraceEvent): void => {
    if (keep(ev)) events.push(ev);
  };
  const result = runScenario(scenario, kernel, seed, { trace: { emit } });
  return { result, events };
}
