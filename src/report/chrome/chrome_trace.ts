// Trace events → Chrome trace-event JSON that Perfetto UI (and chrome://tracing) opens:
//   - metadata: one process "pinsim", one thread track per CPU (chrome_tracks.ts);
//   - X slices for func_begin/end and workqueue_execute_start/end pairs, balanced per task like
//     the ftrace view (ftrace_frames.ts) and laid out per CPU so they nest (chrome_lanes.ts);
//   - zero-duration X slices, counters and instants for point events (chrome_points.ts);
//   - async b/e slices for each folio's stay in a per-CPU batch (chrome_batches.ts);
//   - flow arrows from the step holding the extra reference to each failed refcount check
//     (chrome_flows.ts).
// ts and dur are µs (the spec's unit; Perfetto ignores displayTimeUnit for parsing since 2022 and
// only uses it for display). One event per line, so golden diffs stay readable. A pure function
// of its input: byte-identical output for identical events.

import type { TraceEvent } from "../../kernel/trace.ts";
import { planFrames } from "../ftrace/frames.ts";
import { lastTime_ns, type OrderedEvent, orderEvents, resolveCpuCount } from "../ftrace/order.ts";
import { type BatchStay, pairBatchStays } from "./batches.ts";
import { type Args, type ArgValue, asyncEdge, type ChromeEvent, completeSlice } from "./events.ts";
import { type FlowLink, findFlowLinks } from "./flows.ts";
import { type Item, otherItem, sliceItem, sortItems } from "./items.ts";
import { assignLanes, type LaneMap } from "./lanes.ts";
import { type PointContext, pointItems } from "./points.ts";
import { callTrees, type Slice, slicesFromPlan } from "./slices.ts";
import { type TrackLayout, tidStride, trackMetadata, trackTid } from "./tracks.ts";

export interface ChromeTraceOptions {
  /** CPU tracks to create (default: highest CPU seen + 1; never less than that). */
  readonly nrCpus?: number;
}

export function formatChromeTrace(events: readonly TraceEvent[], opts: ChromeTraceOptions = {}): string {
  const ordered = orderEvents(events);
  const end_ns = lastTime_ns(ordered);
  const slices = slicesFromPlan(ordered, planFrames(ordered), end_ns);
  const lanes = assignLanes(callTrees(slices));
  const nrCpus = resolveCpuCount(events, opts.nrCpus);
  const layout: TrackLayout = { nrCpus, stride: tidStride(nrCpus), laneCount: lanes.laneCount };
  const stays = pairBatchStays(ordered);
  const ctx = pointContext(layout, lanes, findFlowLinks(ordered, stays));
  const items = [
    ...slices.map((s) => sliceToItem(s, layout, lanes)),
    ...ordered.flatMap((oe) => pointItems(oe, ctx)),
    ...stays.flatMap((s) => stayItems(s, ctx, end_ns)),
  ];
  const timed = sortItems(items).flatMap((item) => item.events);
  return serialize([...trackMetadata(layout), ...timed]);
}

function serialize(events: readonly ChromeEvent[]): string {
  const lines = events.map((e) => JSON.stringify(e));
  return `{"traceEvents":[\n${lines.join(",\n")}\n],\n"displayTimeUnit":"ns"}\n`;
}

function pointContext(layout: TrackLayout, lanes: LaneMap, links: readonly FlowLink[]): PointContext {
  const flowsFrom = new Map<number, FlowLink[]>();
  for (const link of links) flowsFrom.set(link.source.seq, [...(flowsFrom.get(link.source.seq) ?? []), link]);
  return {
    tidOf: (oe: OrderedEvent) =>
      trackTid(layout, oe.ev.cpu, lanes.pointLane(oe.ev.cpu, oe.ev.task.pid, oe.t_ns)),
    flowsFrom,
    flowInto: new Map(links.map((link) => [link.target.seq, link])),
  };
}

function sliceToItem(slice: Slice, layout: TrackLayout, lanes: LaneMap): Item {
  const { frame } = slice;
  const place = lanes.placeOfTree(frame.rootSeq);
  const tid = trackTid(layout, place.cpu, place.lane);
  const dur_ns = slice.end_ns - slice.start_ns;
  const cat = frame.kind === "func" ? "func" : "workqueue";
  const event = completeSlice(frame.name, cat, slice.start_ns, dur_ns, tid, sliceArgs(slice));
  return sliceItem(slice.start_ns, dur_ns, frame.open.seq, [event]);
}

/** Who ran it, what it was called with and returned, and whether the formatter had to close it. */
function sliceArgs(slice: Slice): Args {
  const open = slice.frame.open.ev;
  const args: Record<string, ArgValue> = { task: open.task.comm, pid: open.task.pid };
  if (open.type === "func_begin") args.value = open.value;
  if (open.type === "workqueue_execute_start") args.work = open.work;
  const closer = slice.closer?.ev;
  if (slice.how === "end" && closer?.type === "func_end") args.ret = closer.value;
  if (slice.how !== "end") args.closed_by = slice.how === "implicit" ? "enclosing end" : "end of trace";
  return args;
}

/** A batch stay as an async slice; a stay never released ends with the trace. */
function stayItems(stay: BatchStay, ctx: PointContext, end_ns: number): Item[] {
  const { enqueue, release } = stay;
  const name = `folio ${stay.folio} in cpu${enqueue.ev.batch_cpu} ${enqueue.ev.batch} batch`;
  const beginArgs = { folio: stay.folio, batch: enqueue.ev.batch, batch_cpu: enqueue.ev.batch_cpu };
  const begin = asyncEdge("b", name, "batch", stay.index, enqueue.t_ns, ctx.tidOf(enqueue), beginArgs);
  const endEdge =
    release === null
      ? asyncEdge("e", name, "batch", stay.index, end_ns, ctx.tidOf(enqueue), { released: false })
      : asyncEdge("e", name, "batch", stay.index, release.t_ns, ctx.tidOf(release), { released: true });
  // A stay closed by the end of the trace sorts after every real event of that instant.
  const endSeq = release?.seq ?? Number.MAX_SAFE_INTEGER;
  return [
    otherItem(enqueue.t_ns, enqueue.seq, [begin]),
    otherItem(release?.t_ns ?? end_ns, endSeq, [endEdge]),
  ];
}
