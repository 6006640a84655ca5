// Complete slices (begin time, end time) from the balanced frame plan of ftrace/frames.ts. Frames
// are balanced per task, and each task has its own track (threads.ts), so the slices of one track
// are always properly nested.

import type { Frame, FramePlan } from "../ftrace/frames.ts";
import type { OrderedEvent } from "../ftrace/order.ts";

export type SliceEnd = "end" | "implicit" | "trace_end";

export interface Slice {
  readonly frame: Frame;
  readonly start_ns: number;
  readonly end_ns: number;
  /** The event that closed it: the matching end, or the end that skipped over it (implicit). */
  readonly closer: OrderedEvent | null;
  readonly how: SliceEnd;
}

export function slicesFromPlan(ordered: readonly OrderedEvent[], plan: FramePlan, end_ns: number): Slice[] {
  const slices: Slice[] = [];
  const close = (frame: Frame, closer: OrderedEvent | null, t_ns: number, how: SliceEnd) =>
    slices.push({ frame, start_ns: frame.open.t_ns, end_ns: t_ns, closer, how });
  ordered.forEach((oe, i) => {
    const step = plan.perEvent[i]!;
    for (const frame of step.implicitCloses) close(frame, oe, oe.t_ns, "implicit");
    if (step.role === "close") close(step.frame, oe, oe.t_ns, "end");
  });
  for (const frame of plan.openAtEnd) close(frame, null, end_ns, "trace_end");
  return slices;
}
