// Events that happen at one instant, as Chrome items:
//   - page_ref_mod, batch_enqueue/release and refcount_check become zero-duration X slices, since
//     they are the possible ends of flow arrows and Perfetto binds flows to slices only; they also
//     feed counters: folio refcount, per-CPU batch size, expected refcount at the check.
//   - the other kernel tracepoints (mm_lru_insertion, mm_migrate_pages[_start],
//     workqueue_queue_work) become thread-scoped instants.
// func_begin/end and workqueue_execute_start/end are slices (chrome_slices.ts), not points.

import type { TraceEvent } from "../../kernel/trace.ts";
import { pfnText } from "../ftrace/fields.ts";
import type { OrderedEvent } from "../ftrace/order.ts";
import { type Args, type ChromeEvent, completeSlice, counter, flowEdge, instant } from "./events.ts";
import type { FlowLink } from "./flows.ts";
import { type Item, otherItem, sliceItem } from "./items.ts";

export const FLOW_NAME = "extra reference";
export const FLOW_CAT = "refcount";

export interface PointContext {
  /** Track of a point event (chrome_lanes.ts pointLane, via chrome_tracks.ts). */
  tidOf(oe: OrderedEvent): number;
  readonly flowsFrom: ReadonlyMap<number, readonly FlowLink[]>;
  readonly flowInto: ReadonlyMap<number, FlowLink>;
}

function who(ev: TraceEvent): Args {
  return { task: ev.task.comm, pid: ev.task.pid };
}

function pointSlice(oe: OrderedEvent, ctx: PointContext, name: string, cat: string, args: Args): Item {
  const tid = ctx.tidOf(oe);
  const events: ChromeEvent[] = [completeSlice(name, cat, oe.t_ns, 0, tid, { ...args, ...who(oe.ev) })];
  for (const link of ctx.flowsFrom.get(oe.seq) ?? []) {
    events.push(flowEdge("s", FLOW_NAME, FLOW_CAT, link.index, oe.t_ns, tid));
  }
  const into = ctx.flowInto.get(oe.seq);
  if (into !== undefined) events.push(flowEdge("f", FLOW_NAME, FLOW_CAT, into.index, oe.t_ns, tid));
  return sliceItem(oe.t_ns, 0, oe.seq, events);
}

function counterItem(oe: OrderedEvent, ctx: PointContext, name: string, key: string, value: number): Item {
  return otherItem(oe.t_ns, oe.seq, [counter(name, oe.t_ns, ctx.tidOf(oe), key, value)]);
}

function instantItem(oe: OrderedEvent, ctx: PointContext, cat: string, args: Args): Item {
  return otherItem(oe.t_ns, oe.seq, [
    instant(oe.ev.type, cat, oe.t_ns, ctx.tidOf(oe), { ...args, ...who(oe.ev) }),
  ]);
}

export function pointItems(oe: OrderedEvent, ctx: PointContext): Item[] {
  const ev = oe.ev;
  switch (ev.type) {
    case "page_ref_mod":
      return [
        pointSlice(oe, ctx, "page_ref_mod", "page_ref", {
          folio: ev.folio,
          pfn: pfnText(ev.pfn),
          val: ev.val,
          count: ev.count,
          mapcount: ev.mapcount,
          holder: ev.holder,
          flags: ev.flags,
        }),
        counterItem(oe, ctx, `folio ${ev.folio}`, "refcount", ev.count),
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
        counterItem(oe, ctx, `folio ${ev.folio} expected`, "refcount", ev.expected),
      ];
    case "mm_lru_insertion":
      return [
        instantItem(oe, ctx, "lru", { folio: ev.folio, pfn: pfnText(ev.pfn), lru: ev.lru, flags: ev.flags }),
      ];
    case "mm_migrate_pages_start":
      return [instantItem(oe, ctx, "migrate", { mode: ev.mode, reason: ev.reason })];
    case "mm_migrate_pages":
      return [instantItem(oe, ctx, "migrate", migrateResultArgs(ev))];
    case "workqueue_queue_work":
      return [
        instantItem(oe, ctx, "workqueue", { work: ev.work, function: ev.func, target_cpu: ev.target_cpu }),
      ];
    default:
      return [];
  }
}

function migrateResultArgs(ev: TraceEvent & { readonly type: "mm_migrate_pages" }): Args {
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
