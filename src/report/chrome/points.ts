// Events that happen at one instant, as Chrome items on the emitting task's track:
//   - reference changes, batch_enqueue/release and refcount_check become zero-duration X slices,
//     since they are the possible ends of flow arrows and Perfetto binds flows to slices only;
//     a reference change is named after the page_ref_* tracepoint it prints as in ftrace;
//   - they feed counters in the state process (threads.ts): a folio's refcount and the expected
//     refcount at its checks for the tracked folios only, each per-CPU batch's size always;
//   - the other kernel tracepoints (mm_lru_insertion, mm_migrate_pages[_start],
//     workqueue_queue_work) and return-only probes (func_return) become thread-scoped instants.
// func_begin/end and workqueue_execute_start/end are slices (slices.ts), not points.

import type { MigratePagesEvent, TraceEvent } from "../../kernel/trace.ts";
import { pfnText } from "../ftrace/fields.ts";
import type { OrderedEvent } from "../ftrace/order.ts";
import { pageRefTracepoint } from "../ftrace/page_ref.ts";
import {
  type Args,
  type ChromeEvent,
  completeSlice,
  counter,
  flowEdge,
  instant,
  type Where,
} from "./events.ts";
import type { FlowLink } from "./flows.ts";
import { type Item, otherItem, sliceItem } from "./items.ts";

export const FLOW_NAME = "extra reference";
export const FLOW_CAT = "refcount";

export interface PointContext {
  taskTrack(pid: number): Where;
  readonly state: Where;
  /** Folios with counter and batch tracks. */
  readonly tracked: ReadonlySet<number>;
  readonly flowsFrom: ReadonlyMap<number, readonly FlowLink[]>;
  readonly flowInto: ReadonlyMap<number, FlowLink>;
}

function where(oe: OrderedEvent, ctx: PointContext): Where {
  return ctx.taskTrack(oe.ev.task.pid);
}

function pointSlice(oe: OrderedEvent, ctx: PointContext, name: string, cat: string, args: Args): Item {
  const w = where(oe, ctx);
  const events: ChromeEvent[] = [completeSlice(name, cat, oe.t_ns, 0, w, { ...args, cpu: oe.ev.cpu })];
  for (const link of ctx.flowsFrom.get(oe.seq) ?? [])
    events.push(flowEdge("s", FLOW_NAME, FLOW_CAT, link.index, oe.t_ns, w));
  const into = ctx.flowInto.get(oe.seq);
  if (into !== undefined) events.push(flowEdge("f", FLOW_NAME, FLOW_CAT, into.index, oe.t_ns, w));
  return sliceItem(oe.t_ns, 0, oe.seq, events);
}

function counterItem(oe: OrderedEvent, ctx: PointContext, name: string, key: string, value: number): Item {
  return otherItem(oe.t_ns, oe.seq, [counter(name, oe.t_ns, ctx.state, key, value)]);
}

function instantItem(oe: OrderedEvent, ctx: PointContext, name: string, cat: string, args: Args): Item {
  return otherItem(oe.t_ns, oe.seq, [
    instant(name, cat, oe.t_ns, where(oe, ctx), { ...args, cpu: oe.ev.cpu }),
  ]);
}

/** The folio counter of a tracked folio, nothing for the others. */
function folioCounter(
  oe: OrderedEvent,
  ctx: PointContext,
  folio: number,
  name: string,
  value: number,
): Item[] {
  return ctx.tracked.has(folio) ? [counterItem(oe, ctx, name, "refcount", value)] : [];
}

export function pointItems(oe: OrderedEvent, ctx: PointContext): Item[] {
  const ev = oe.ev;
  switch (ev.type) {
    case "page_ref_mod":
      return [
        pointSlice(oe, ctx, pageRefTracepoint(ev).event, "page_ref", {
          folio: ev.folio,
          pfn: pfnText(ev.pfn),
          val: ev.val,
          count: ev.count,
          mapcount: ev.mapcount,
          holder: ev.holder,
          flags: ev.flags,
        }),
        ...folioCounter(oe, ctx, ev.folio, `folio ${ev.folio}`, ev.count),
      ];
    case "batch_enqueue":
    case "batch_release":
      return [
        pointSlice(oe, ctx, ev.type, "batch", {
          folio: ev.folio,
          batch: ev.batch,
          batch_cpu: ev.batch_cpu,
          size: ev.size,
        }),
        counterItem(oe, ctx, `cpu${ev.batch_cpu} ${ev.batch} batch`, "size", ev.size),
      ];
    case "refcount_check":
      return [
        pointSlice(oe, ctx, `refcount_check ${ev.ok ? "ok" : "failed"}`, "migrate", {
          folio: ev.folio,
          pass: ev.pass,
          count: ev.count,
          expected: ev.expected,
          ok: ev.ok,
        }),
        ...folioCounter(oe, ctx, ev.folio, `folio ${ev.folio} expected`, ev.expected),
      ];
    default:
      return instantItems(oe, ev, ctx);
  }
}

function instantItems(oe: OrderedEvent, ev: TraceEvent, ctx: PointContext): Item[] {
  switch (ev.type) {
    case "mm_lru_insertion":
      return [
        instantItem(oe, ctx, ev.type, "lru", {
          folio: ev.folio,
          pfn: pfnText(ev.pfn),
          lru: ev.lru,
          flags: ev.flags,
        }),
      ];
    case "mm_migrate_pages_start":
      return [instantItem(oe, ctx, ev.type, "migrate", { mode: ev.mode, reason: ev.reason })];
    case "mm_migrate_pages":
      return [instantItem(oe, ctx, ev.type, "migrate", migrateResultArgs(ev))];
    case "workqueue_queue_work":
      return [
        instantItem(oe, ctx, ev.type, "workqueue", {
          work: ev.work,
          function: ev.func,
          target_cpu: ev.target_cpu,
        }),
      ];
    case "func_return":
      return [instantItem(oe, ctx, `${ev.func} returned`, "func", { ret: ev.value })];
    default:
      return [];
  }
}

function migrateResultArgs(ev: MigratePagesEvent): Args {
  return {
    nr_succeeded: ev.succeeded,
    nr_failed: ev.failed,
    nr_thp_succeeded: ev.thp_succeeded,
    nr_thp_failed: ev.thp_failed,
    nr_thp_split: ev.thp_split,
    nr_split: ev.large_folio_split,
    mode: ev.mode,
    reason: ev.reason,
  };
}
