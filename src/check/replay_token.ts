// `pinsim replay`: a token back to its counterexample, replayed exactly.

import { clip } from "../engine/clip.ts";
import { type Counterexample, describeSchedule } from "./counterexample.ts";
import { ALWAYS_CHECKED, propertyFromId, propertyInfo } from "./properties.ts";
import { type CheckTarget, resolveCheckTarget } from "./target.ts";
import { BadTokenError, decodeReplayToken } from "./token.ts";

export function replayToken(token: string): Counterexample {
  const spec = decodeReplayToken(token.trim());
  const target = resolveCheckTarget(spec.model, spec.kernel, { cpus: spec.cpus, folios: spec.folios });
  checkProperty(target, spec.property);
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

/**
 * A token can only name a property `pinsim check` checks: one always checked, one of the model's,
 * or a bound it was given (max-outer-retries=N). Replaying for any other would find no violation
 * and print a counterexample of nothing.
 */
function checkProperty(target: CheckTarget, property: string): void {
  const known = [
    ...ALWAYS_CHECKED.map((p) => p.id),
    ...target.model.properties.map((p) => propertyInfo(p).id),
  ];
  if (known.includes(property) || propertyFromId(property) !== null) return;
  throw new BadTokenError(
    `the replay token names property "${clip(property)}", which pinsim check does not check; properties: ${known.join(", ")}, max-outer-retries=N, max-global-drains-per-pin=N`,
  );
}
