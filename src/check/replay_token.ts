// `pinsim replay`: a decoded token's counterexample, replayed exactly on its target (the command
// decodes the token and resolves its kernel name).

import { type Counterexample, describeSchedule } from "./counterexample.ts";
import type { CheckTarget } from "./target.ts";
import type { ReplaySpec } from "./token.ts";

export function replayCounterexample(target: CheckTarget, spec: ReplaySpec, token: string): Counterexample {
  const d = describeSchedule(target, spec.timers, spec.property, spec.decisions);
  return {
    property: spec.property,
    message: d.message,
    scenario: target.name,
    kernel: target.config.name,
    cpus: spec.cpus,
    folios: spec.folios,
    steps: d.steps,
    preemptions: d.preemptions,
    token,
    original: { steps: d.steps.length, preemptions: d.preemptions },
    shrinkAttempts: 0,
    reproduced: d.reproduced,
  };
}
