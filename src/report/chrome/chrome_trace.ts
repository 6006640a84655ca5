// Trace events → Chrome trace-event JSON that Perfetto UI (and chrome://tracing) opens:
//   - metadata: a process per simulated task with one thread track, named by comm, plus a state
//     process for folio and batch counters (threads.ts);
//   - X slices for func_begin/end and workqueue_execute_start/end pairs on the task's track,
//     balanced per task like the ftrace view (ftrace/frames.ts), with the CPU in their args;
//   - zero-duration X slices, counters and instants for point events (points.ts);
//   - counter tracks and async "in batch" slices only for the tracked folios: the ones a
//     migration refcount check failed on, or every folio left after --folios (batches.ts);
//   - flow arrows from the step holding the extra reference to each failed refcount check
//     (flows.ts);
//   - optionally the kernel tracepoint lines as "systemTraceEvents" (ftrace text), which
//     Perfetto imports beside the JSON, so one file shows both.
// ts and dur are µs (the spec's unit; Perfetto ignores displayTimeUnit for parsing since 2022 and
// only uses it for display). One event per line, so golden diffs stay readable. A pure function
// of its input: byte-identical output for identical events.

import type { TraceEvent } from "../../kernel/trace.ts";
import { planFrames } from "../ftrace/frames.ts";
import { lastTime_ns, type OrderedEvent, orderEvents } from "../ftrace/order.ts";
import { type BatchStay, pairBatchStays } from "./batches.ts";
import { type Args, type ArgValue, asyncEdge, type ChromeEvent, completeSlice } from "./events.ts";
import { type FlowLink, findFlowLinks } from "./flows.ts";
import { type Item, otherItem, sliceItem, sortItems } from "./items.ts";
import { type PointContext, pointItems } from "./points.ts";
import { type Slice, slicesFromPlan } from "./slices.ts";
import { type ThreadLayout, threadLayout } from "./threads.ts";

export interface ChromeTraceOptions {
  /** "failed" (default): counter and batch tracks for folios a migration check failed on; "all": every folio. */
  readonly folioTracks?: "failed" | "all";
  /** ftrace text to embed as systemTraceEvents. */
  readonly systemTrace?: string;
}

export function formatChromeTrace(events: readonly TraceEvent[], opts: ChromeTraceOptions = {}): string {
  const ordered = orderEvents(events);
  const end_ns = lastTime_ns(ordered);
  const layout = threadLayout(ordered);
  const slices = slicesFromPlan(ordered, planFrames(ordered), end_ns);
  const tracked = trackedFolios(ordered, opts.folioTracks ?? "failed");
  const stays = pairBatchStays(ordered).filter((s) => tracked.has(s.folio));
  const ctx = pointContext(layout, tracked, findFlowLinks(ordered, stays));
  const items = [
    ...slices.map((s) => sliceToItem(s, layout)),
    ...ordered.flatMap((oe) => pointItems(oe, ctx)),
    ...stays.flatMap((s, i) => stayItems(s, i, ctx, end_ns)),
  ];
  const timed = sortItems(items).flatMap((item) => item.events);
  return serialize([...layout.metadata(), ...timed], opts.systemTrace);
}

/** Folios that get counter and batch tracks. */
export function trackedFolios(ordered: readonly OrderedEvent[], which: "failed" | "all"): Set<number> {
  const folios = new Set<number>();
  for (const { ev } of ordered) {
    if (which === "all" && "folio" in ev) folios.add(ev.folio);
    if (ev.type === "refcount_check" && !ev.ok) folios.add(ev.folio);
  }
  return folios;
}

function serialize(events: readonly ChromeEvent[], systemTrace: string | undefined): string {
  const lines = events.map((e) => JSON.stringify(e));
  const system = systemTrace === undefined ? "" : `,\n"systemTraceEvents":${JSON.stringify(systemTrace)}`;
  return `{"traceEvents":[\n${lines.join(",\n")}\n],\n"displayTimeUnit":"ns"${system}}\n`;
}

function pointContext(
  layout: ThreadLayout,
  tracked: ReadonlySet<number>,
  links: readonly FlowLink[],
): PointContext {
  const flowsFrom = new Map<number, FlowLink[]>();
  for (const link of links) flowsFrom.set(link.source.seq, [...(flowsFrom.get(link.source.seq) ?? []), link]);
  return {
    taskTrack: layout.taskTrack,
    state: layout.state,
    tracked,
    flowsFrom,
    flowInto: new Map(links.map((link) => [link.target.seq, link])),
  };
}

function sliceToItem(slice: Slice, layout: ThreadLayout): Item {
  const { frame } = slice;
  const dur_ns = slice.end_ns - slice.start_ns;
  const cat = frame.kind === "func" ? "func" : "workqueue";
  const where = layout.taskTrack(frame.pid);
  const event = completeSlice(frame.name, cat, slice.start_ns, dur_ns, where, sliceArgs(slice));
  return sliceItem(slice.start_ns, dur_ns, frame.open.seq, [event]);
}

/** Where it ran, what it was called with and returned, and whether the formatter had to close it. */
function sliceArgs(slice: Slice): Args {
  const open = slice.frame.open.ev;
  const args: Record<string, ArgValue> = { cpu: open.cpu };
  if (open.type === "func_begin") args.value = open.value;
  if (open.type === "workqueue_execute_start") args.work = open.work;
  const closer = slice.closer?.ev;
  if (slice.how === "end" && closer?.type === "func_end") args.ret = closer.value;
  if (slice.how !== "end") args.closed_by = slice.how === "implicit" ? "enclosing end" : "end of trace";
  return args;
}

/** A batch stay as an async slice in the state process; a stay never released ends with the trace. */
function stayItems(stay: BatchStay, id: number, ctx: PointContext, end_ns: number): Item[] {
  const { enqueue, release } = stay;
  const name = `folio ${stay.folio} in cpu${enqueue.ev.batch_cpu} ${enqueue.ev.batch} batch`;
  const beginArgs = { folio: stay.folio, batch: enqueue.ev.batch, batch_cpu: enqueue.ev.batch_cpu };
  const begin = asyncEdge("b", name, "batch", id, enqueue.t_ns, ctx.state, beginArgs);
  const endEdge =
    release === null
      ? asyncEdge("e", name, "batch", id, end_ns, ctx.state, { released: false })
      : asyncEdge("e", name, "batch", id, release.t_ns, ctx.state, { released: true });
  // A stay closed by the end of the trace sorts after every real event of that instant.
  const endSeq = release?.seq ?? Number.MAX_SAFE_INTEGER;
  return [
    otherItem(enqueue.t_ns, enqueue.seq, [begin]),
    otherItem(release?.t_ns ?? end_ns, endSeq, [endEdge]),
  ];
}
