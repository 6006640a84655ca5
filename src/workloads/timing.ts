// Absolute-time pacing for actors: "the i-th operation starts at start + i * interval", so step
// costs do not drift an actor's schedule (an operation that overruns just starts the next late).

import { type Proc, sleepOp } from "../engine/op.ts";
import type { Kernel } from "../kernel/kernel.ts";

/** Returns 0, what a sleep_until step returns: the interpreter runs it as the step itself. */
export function* sleepUntil(k: Kernel, t_ns: number): Proc<number> {
  const now_ns = k.now_ns();
  if (t_ns > now_ns) yield sleepOp(t_ns - now_ns);
  return 0;
}
