// Trace events → the text of /sys/kernel/tracing/trace on a 6.x kernel with the nop tracer, the
// modelled tracepoints enabled and return probes on the pin path (header.ts, line.ts). This is
// the trace file's layout, not `trace-cmd report`'s. Kernel tracepoints use the kernel's own
// field formats for the version modelled (fields.ts, page_ref.ts, kprobes.ts); pinsim's own
// events (func_begin/end, batch_*, refcount_check) become tracing_mark_write atrace payloads
// (marks.ts) so Perfetto's systrace importer draws slices, counters and markers from them. A pure
// function of its input: byte-identical output for identical events.
//
// B/E balance is guaranteed per pid whatever the input (frames.ts): an end without an open frame
// is not printed, frames an end skips over are closed with "E" just before it, and frames still
// open at the end are closed at the last event's timestamp. Filtering lines by event name
// (opts.events) drops B and E together, as both are tracing_mark_write.

import type { TracepointFormat } from "../../kernel/config.ts";
import type { PageRefModEvent, TraceEvent, TraceTask } from "../../kernel/trace.ts";
import { isPinEntry } from "../../kernel/trace.ts";
import { latencyFlags } from "./context.ts";
import {
  CURRENT_TRACEPOINTS,
  executeWorkLine,
  type KernelLine,
  lruInsertionLine,
  migratePagesLine,
  queueWorkLines,
} from "./fields.ts";
import { type EventPlan, type Frame, planFrames } from "./frames.ts";
import { ftraceHeader } from "./header.ts";
import { isProbed, kretprobeLine } from "./kprobes.ts";
import { type FtraceLine, renderLine, type TimestampPrecision } from "./line.ts";
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
import { freezeLines, handovers, pageRefLine } from "./page_ref.ts";

export interface FtraceOptions {
  /** CPU count for the header's #P: (default: highest CPU seen + 1; never less than that). */
  readonly nrCpus?: number;
  /** The modelled kernel's tracepoint layouts (default: the newest). */
  readonly tracepoints?: TracepointFormat;
  /** "us" as the trace file prints; "ns" for nine fraction digits. */
  readonly timestamps?: TimestampPrecision;
  /** Which event names to print (default: all). */
  readonly events?: (name: string) => boolean;
}

/** What the line builders need besides the event itself. */
interface LineState {
  readonly fmt: TracepointFormat;
  readonly folded: ReadonlySet<number>;
  /** Each folio's last reference event: its state for freeze lines. */
  readonly lastRef: Map<number, PageRefModEvent>;
  /** Open frame names per pid, innermost last: the caller of a return probe. */
  readonly stacks: Map<number, string[]>;
}

export function formatFtrace(events: readonly TraceEvent[], opts: FtraceOptions = {}): string {
  const ordered = orderEvents(events);
  const plan = planFrames(ordered);
  const state: LineState = {
    fmt: opts.tracepoints ?? CURRENT_TRACEPOINTS,
    folded: handovers(ordered),
    lastRef: new Map(),
    stacks: new Map(),
  };
  const keep = opts.events ?? (() => true);
  const body: string[] = [];
  const push = (lines: readonly FtraceLine[]) => {
    for (const l of lines) if (keep(l.event)) body.push(renderLine(l, opts.timestamps));
  };
  ordered.forEach((oe, i) => {
    const step = plan.perEvent[i]!;
    for (const frame of step.implicitCloses) push([closeLine(frame, oe.ev, oe.t_ns, state)]);
    push(eventLines(oe, step, state));
  });
  const end_ns = lastTime_ns(ordered);
  for (const frame of plan.openAtEnd) push([closeLine(frame, frame.open.ev, end_ns, state)]);
  const header = ftraceHeader(body.length, resolveCpuCount(events, opts.nrCpus));
  return `${[...header, ...body].join("\n")}\n`;
}

function line(task: TraceTask, cpu: number, t_ns: number, k: KernelLine): FtraceLine {
  return { task, cpu, t_ns, event: k.event, fields: k.fields, latency: latencyFlags(k.event) };
}

function mark(oe: OrderedEvent, payload: string): FtraceLine {
  return line(oe.ev.task, oe.ev.cpu, oe.t_ns, { event: MARK_EVENT, fields: payload });
}

function kernel(oe: OrderedEvent, lines: readonly KernelLine[]): FtraceLine[] {
  return lines.map((k) => line(oe.ev.task, oe.ev.cpu, oe.t_ns, k));
}

function stackOf(state: LineState, pid: number): string[] {
  let stack = state.stacks.get(pid);
  if (stack === undefined) {
    stack = [];
    state.stacks.set(pid, stack);
  }
  return stack;
}

/** An "E" for a frame closed by the formatter, on the line of the task that owns it. */
function closeLine(frame: Frame, at: TraceEvent, t_ns: number, state: LineState): FtraceLine {
  stackOf(state, frame.pid).pop();
  return line(at.task, at.cpu, t_ns, { event: MARK_EVENT, fields: markEnd(frame.pid) });
}

function eventLines(oe: OrderedEvent, step: EventPlan, state: LineState): FtraceLine[] {
  const ev = oe.ev;
  switch (ev.type) {
    case "func_begin":
      stackOf(state, ev.task.pid).push(ev.func);
      return [mark(oe, markBegin(ev.task.pid, ev.func))];
    case "func_end":
      return step.role === "close" ? funcEndLines(oe, ev.func, ev.value, state) : [];
    case "func_return": {
      const caller = stackOf(state, ev.task.pid).at(-1);
      return isProbed(ev.func) ? kernel(oe, [kretprobeLine(ev.func, caller, ev.value)]) : [];
    }
    case "workqueue_execute_start":
      stackOf(state, ev.task.pid).push(ev.func);
      return kernel(oe, [executeWorkLine(ev)]);
    case "workqueue_execute_end":
      // Perfetto ends the thread's top slice on this line: unmatched ones must not appear.
      if (step.role !== "close") return [];
      stackOf(state, ev.task.pid).pop();
      return kernel(oe, [executeWorkLine(ev)]);
    case "workqueue_queue_work":
      return kernel(oe, queueWorkLines(ev, state.fmt));
    case "page_ref_mod":
      return pageRefLines(oe, ev, state);
    case "batch_enqueue":
    case "batch_release":
      return [mark(oe, markCounter(batchSizeName(ev.batch_cpu, ev.batch), ev.size))];
    case "refcount_check":
      return [
        ...kernel(oe, freezeLines(ev, state.lastRef.get(ev.folio), state.fmt)),
        mark(oe, markCounter(folioExpectedName(ev.folio), ev.expected)),
        mark(oe, markInstant(ev.task.pid, checkLabel(ev.folio, ev.pass, ev.count, ev.expected, ev.ok))),
      ];
    case "mm_lru_insertion":
      return kernel(oe, [lruInsertionLine(ev)]);
    case "mm_migrate_pages":
      return kernel(oe, [migratePagesLine(ev, state.fmt)]);
    case "mm_migrate_pages_start":
      return kernel(oe, [{ event: ev.type, fields: `mode=${ev.mode} reason=${ev.reason}` }]);
    default:
      return [];
  }
}

/** The E of a closed function, after the return probe's line for a pin entry point. */
function funcEndLines(oe: OrderedEvent, func: string, ret: number, state: LineState): FtraceLine[] {
  const stack = stackOf(state, oe.ev.task.pid);
  stack.pop();
  const probe = isPinEntry(func) ? kernel(oe, [kretprobeLine(func, stack.at(-1), ret)]) : [];
  return [...probe, mark(oe, markEnd(oe.ev.task.pid))];
}

function pageRefLines(oe: OrderedEvent, ev: PageRefModEvent, state: LineState): FtraceLine[] {
  state.lastRef.set(ev.folio, ev);
  const counter = mark(oe, markCounter(folioRefcountName(ev.folio), ev.count));
  return state.folded.has(oe.seq) ? [counter] : [...kernel(oe, [pageRefLine(ev, state.fmt)]), counter];
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
