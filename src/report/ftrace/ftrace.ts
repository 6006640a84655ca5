// Trace events → ftrace text, as `cat /sys/kernel/tracing/trace` prints it with the nop tracer
// (trace-cmd report prints the same event lines). Kernel tracepoints use the kernel's own field
// formats (ftrace_fields.ts); pinsim's own events (func_begin/end, batch_*, refcount_check)
// become tracing_mark_write atrace payloads (ftrace_marks.ts) so Perfetto's systrace importer
// draws slices, counters and markers from them. A pure function of its input: byte-identical
// output for identical events.
//
// B/E balance is guaranteed per pid whatever the input (ftrace_frames.ts): an end without an open
// frame is not printed, frames an end skips over are closed with "E" just before it, and frames
// still open at the end are closed at the last event's timestamp.

import type { TraceEvent } from "../../kernel/trace.ts";
import { kernelFields } from "./fields.ts";
import { type EventPlan, type Frame, planFrames } from "./frames.ts";
import { ftraceHeader } from "./header.ts";
import { ftraceLine } from "./line.ts";
import {
  batchSizeName,
  folioExpectedName,
  folioRefcountName,
  MARK_EVENT,
  markBegin,
  markCounter,
  markEnd,
  markInstant,
} from "./marks.ts";
import { lastTime_ns, type OrderedEvent, orderEvents, resolveCpuCount } from "./order.ts";

export interface FtraceOptions {
  /** CPU count for the header's #P: (default: highest CPU seen + 1; never less than that). */
  readonly nrCpus?: number;
}

export function formatFtrace(events: readonly TraceEvent[], opts: FtraceOptions = {}): string {
  const ordered = orderEvents(events);
  const plan = planFrames(ordered);
  const body: string[] = [];
  ordered.forEach((oe, i) => {
    const step = plan.perEvent[i]!;
    for (const frame of step.implicitCloses) body.push(closeLine(frame, oe.ev, oe.t_ns));
    body.push(...eventLines(oe, step));
  });
  const end_ns = lastTime_ns(ordered);
  for (const frame of plan.openAtEnd) body.push(closeLine(frame, frame.open.ev, end_ns));
  const header = ftraceHeader(body.length, resolveCpuCount(events, opts.nrCpus));
  return `${[...header, ...body].join("\n")}\n`;
}

/** An "E" for a frame closed by the formatter, on the line of the task that owns it. */
function closeLine(frame: Frame, at: TraceEvent, t_ns: number): string {
  return ftraceLine(at.task, at.cpu, t_ns, MARK_EVENT, markEnd(frame.pid));
}

function mark(oe: OrderedEvent, payload: string): string {
  return ftraceLine(oe.ev.task, oe.ev.cpu, oe.t_ns, MARK_EVENT, payload);
}

function kernelLine(oe: OrderedEvent): string[] {
  const k = kernelFields(oe.ev);
  return k === null ? [] : [ftraceLine(oe.ev.task, oe.ev.cpu, oe.t_ns, k.event, k.fields)];
}

function eventLines(oe: OrderedEvent, step: EventPlan): string[] {
  const ev = oe.ev;
  switch (ev.type) {
    case "func_begin":
      return [mark(oe, markBegin(ev.task.pid, ev.func))];
    case "func_end":
      return step.role === "close" ? [mark(oe, markEnd(ev.task.pid))] : [];
    case "workqueue_execute_end":
      // Perfetto ends the thread's top slice on this line: unmatched ones must not appear.
      return step.role === "close" ? kernelLine(oe) : [];
    case "page_ref_mod":
      return [...kernelLine(oe), mark(oe, markCounter(folioRefcountName(ev.folio), ev.count))];
    case "batch_enqueue":
    case "batch_release":
      return [mark(oe, markCounter(batchSizeName(ev.batch_cpu, ev.batch), ev.size))];
    case "refcount_check":
      return [
        mark(oe, markCounter(folioExpectedName(ev.folio), ev.expected)),
        mark(oe, markInstant(ev.task.pid, checkLabel(ev.folio, ev.pass, ev.count, ev.expected, ev.ok))),
      ];
    default:
      return kernelLine(oe);
  }
}

/** The marker text of one migration refcount check, e.g. "refcount_check folio 7 pass 2: 3 != 2". */
export function checkLabel(
  folio: number,
  pass: number,
  count: number,
  expected: number,
  ok: boolean,
): string {
  return `refcount_check folio ${folio} pass ${pass}: count ${count} ${ok ? "==" : "!="} expected ${expected}`;
}
