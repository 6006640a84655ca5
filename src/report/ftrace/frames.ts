// Pairs begin/end events into properly nested frames, per task (pid), whatever the input does.
// Both viewers need it: Perfetto's systrace importer keeps one slice stack per thread, ending the
// top slice on every E (and on every workqueue_execute_end), and Chrome X slices on one track
// must nest. The model should emit balanced pairs, but a formatter must not trust that, so:
//  - an end closes the innermost open frame it matches; frames opened inside it and never ended
//    are closed implicitly first, at the same time (innermost first);
//  - an end that matches no open frame is "unmatched": viewers must drop it;
//  - frames still open after the last event are closed at the last event's time.
// workqueue_execute_start/end are frames too, since Perfetto turns them into thread slices.

import type { TraceEvent } from "../../kernel/trace.ts";
import type { OrderedEvent } from "./order.ts";

export interface Frame {
  readonly open: OrderedEvent;
  readonly pid: number;
  readonly kind: "func" | "work";
  /** Slice name: the function, or the work function for a work item. */
  readonly name: string;
  /** What an end must carry to close this frame: the function name, or the work item id. */
  readonly matchKey: string;
  /** seq of the outermost frame open when this one opened (its own seq if none): its call tree. */
  readonly rootSeq: number;
}

export type EventRole =
  | { readonly role: "open"; readonly frame: Frame }
  | { readonly role: "close"; readonly frame: Frame }
  | { readonly role: "unmatched" }
  | { readonly role: "point" };

export type EventPlan = EventRole & {
  /** Frames this event's end closes before its own frame, innermost first (empty for non-closers). */
  readonly implicitCloses: readonly Frame[];
};

export interface FramePlan {
  /** One entry per ordered event, same index. */
  readonly perEvent: readonly EventPlan[];
  /** Frames open after the last event, closed there: pids ascending, innermost first per pid. */
  readonly openAtEnd: readonly Frame[];
}

interface FrameEdge {
  readonly kind: "func" | "work";
  readonly key: string;
  readonly name: string;
  readonly opens: boolean;
}

/** What a frame event means for the stack; null for events that are not frame edges. */
function frameEdge(ev: TraceEvent): FrameEdge | null {
  switch (ev.type) {
    case "func_begin":
    case "func_end":
      return { kind: "func", key: ev.func, name: ev.func, opens: ev.type === "func_begin" };
    case "workqueue_execute_start":
    case "workqueue_execute_end":
      return {
        kind: "work",
        key: String(ev.work),
        name: ev.func,
        opens: ev.type === "workqueue_execute_start",
      };
    default:
      return null; // workqueue_queue_work included: a point event
  }
}

const POINT: EventPlan = { role: "point", implicitCloses: [] };
const UNMATCHED: EventPlan = { role: "unmatched", implicitCloses: [] };

export function planFrames(ordered: readonly OrderedEvent[]): FramePlan {
  const stacks = new Map<number, Frame[]>();
  const perEvent = ordered.map((oe): EventPlan => {
    const edge = frameEdge(oe.ev);
    if (edge === null) return POINT;
    const pid = oe.ev.task.pid;
    let stack = stacks.get(pid);
    if (stack === undefined) {
      stack = [];
      stacks.set(pid, stack);
    }
    if (!edge.opens) return closeMatching(stack, edge.kind, edge.key);
    const rootSeq = stack.length === 0 ? oe.seq : stack[0]!.rootSeq;
    const frame: Frame = { open: oe, pid, kind: edge.kind, name: edge.name, matchKey: edge.key, rootSeq };
    stack.push(frame);
    return { role: "open", frame, implicitCloses: [] };
  });
  return { perEvent, openAtEnd: drainAll(stacks) };
}

function closeMatching(stack: Frame[], kind: "func" | "work", key: string): EventPlan {
  let at = stack.length - 1;
  while (at >= 0 && !(stack[at]!.kind === kind && stack[at]!.matchKey === key)) at--;
  if (at < 0) return UNMATCHED;
  const implicitCloses = stack.splice(at + 1).reverse();
  const frame = stack.pop()!;
  return { role: "close", frame, implicitCloses };
}

function drainAll(stacks: Map<number, Frame[]>): Frame[] {
  const pids = [...stacks.keys()].sort((a, b) => a - b);
  return pids.flatMap((pid) => [...stacks.get(pid)!].reverse());
}
