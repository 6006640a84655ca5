// One mechanism drives every task: a step source yields steps, the interpreter runs each and
// hands its result back (an actor may react, as a vCPU re-faults after -EAGAIN). A scenario
// program is the simplest source: its list, in order.

import type { Proc } from "../../engine/op.ts";
import type { Step } from "../../scenarios/program.ts";
import type { World } from "../world.ts";
import { execStep } from "./exec.ts";
import type { TaskState } from "./task_state.ts";

/** Yields steps; receives each step's result (pages, 0, or a negative errno). */
export type StepSource = Generator<Step, void, number>;

/** Runs every step of `source`, then `onEnd` (in the last step: no generator level of its own). */
export function* runSteps(w: World, ts: TaskState, source: StepSource, onEnd?: () => void): Proc {
  let next = source.next(0);
  while (next.done !== true) {
    const ret = yield* execStep(w, ts, next.value);
    w.k.onLocalsKnown?.(ret, ts);
    next = source.next(ret);
  }
  onEnd?.();
}

export function* listSource(steps: readonly Step[]): StepSource {
  for (const s of steps) yield s;
}
