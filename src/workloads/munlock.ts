// One-shot calls on the region at a given time: munlock() of the whole mapping, or munmap().
// Later touches, reads and references of an unmapped region find nothing; later pins of it fail
// with -EFAULT, as they would.

import type { MunlockActor } from "../scenarios/scenario.ts";
import type { StepSource } from "./program/interpreter.ts";
import type { World } from "./world.ts";

export function* munlockSteps(w: World, a: MunlockActor): StepSource {
  yield { op: "sleep_until", at_ns: a.at_ns };
  if (w.mapped(a.region) === null) return;
  yield a.kind === "munlock" ? { op: "munlock", region: a.region } : { op: "munmap", region: a.region };
}
