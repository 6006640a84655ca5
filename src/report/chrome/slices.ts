// Complete slices (begin time, end time) from the balanced frame plan of ftrace_frames.ts, and the
// call trees they form. A tree is everything one task did inside one outermost frame; it is the
// unit chrome_lanes.ts places on a CPU track, so a task's nested slices always stay together.

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

export interface CallTree {
  /** rootSeq of its frames. */
  readonly key: number;
  /** Where the outermost frame began: the whole tree is drawn on this CPU. */
  readonly cpu: number;
  readonly pid: number;
  readonly start_ns: number;
  readonly end_ns: number;
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

/** One tree per root frame; a root closes last in its tree, so its span is the tree's span. */
export function callTrees(slices: readonly Slice[]): CallTree[] {
  return slices
    .filter((s) => s.frame.rootSeq === s.frame.open.seq)
    .map((s) => ({
      key: s.frame.rootSeq,
      cpu: s.frame.open.ev.cpu,
      pid: s.frame.pid,
      start_ns: s.start_ns,
      end_ns: s.end_ns,
    }));
}
