// `pinsim replay`: a token back to its counterexample, replayed exactly.

import { type Counterexample, describeSchedule } from "./counterexample.ts";
import { resolveCheckTarget } from "./target.ts";
import { decodeReplayToken } from "./token.ts";

export function replayToken(token: string): Counterexample {
  const spec = decodeReplayToken(token.trim());
  const target = resolveCheckTarget(spec.model, spec.kernel, { cpus: spec.cpus, folios: spec.folios });
  const d = describeSchedule(target, spec.timers, spec.property, spec.decisions);
  return {
    property: spec.property,
    message: d.message,
    model: spec.model,
    kernel: spec.kernel,
    cpus: spec.cpus,
    folios: spec.folios,
    steps: d.steps,
    preemptions: d.preemptions,
    token: token.trim(),
    original: { steps: d.steps.length, preemptions: d.preemptions },
    shrinkAttempts: 0,
    reproduced: d.reproduced,
  };
}
