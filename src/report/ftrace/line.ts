// One event line of the trace file as a 6.x kernel prints it (trace_print_context() in
// kernel/trace/trace_output.c): "%16s-%-7d [%03d] " then the five latency-flag characters, then
// " %5lu.%06lu: " and "<event>: <fields>". Perfetto's systrace tokenizer and the fixed-column
// readers (bcc's trace_fields) both key on this layout; ftrace.test.ts holds their patterns.
// With ns precision the fraction has nine digits, as `trace-cmd report -t` prints it: the trace
// file itself always shows microseconds.

import type { TraceTask } from "../../kernel/trace.ts";

export type TimestampPrecision = "us" | "ns";

/** Kernel task names are TASK_COMM_LEN (16) bytes including the NUL. */
const COMM_MAX_CHARS = 15;
const NS_PER_US = 1000;
const US_PER_S = 1_000_000;
const NS_PER_S = 1_000_000_000;

/** Comm as the kernel would print it: truncated, never empty ("<...>" is ftrace's unknown comm). */
export function ftraceComm(comm: string): string {
  const oneLine = comm.replace(/[\r\n]/g, " ");
  return oneLine.length === 0 ? "<...>" : oneLine.slice(0, COMM_MAX_CHARS);
}

/** Seconds as "%5lu.%06lu" (ns truncated like the kernel does) or, for ns, "%5lu.%09lu". */
export function ftraceTimestamp(t_ns: number, precision: TimestampPrecision = "us"): string {
  const t = Math.max(0, Math.floor(t_ns));
  if (precision === "ns") {
    const secs = Math.floor(t / NS_PER_S);
    return `${String(secs).padStart(5)}.${String(t % NS_PER_S).padStart(9, "0")}`;
  }
  const total_us = Math.floor(t / NS_PER_US);
  const secs = Math.floor(total_us / US_PER_S);
  return `${String(secs).padStart(5)}.${String(total_us % US_PER_S).padStart(6, "0")}`;
}

export function ftraceCpu(cpu: number): string {
  return `[${String(cpu).padStart(3, "0")}]`;
}

export interface FtraceLine {
  readonly task: TraceTask;
  readonly cpu: number;
  readonly t_ns: number;
  readonly event: string;
  readonly fields: string;
  /** irqs-off, need-resched, hardirq/softirq, preempt-depth, migrate-disable (context.ts). */
  readonly latency: string;
}

export function renderLine(l: FtraceLine, precision: TimestampPrecision = "us"): string {
  const who = `${ftraceComm(l.task.comm).padStart(16)}-${String(l.task.pid).padEnd(7)}`;
  // One event, one line, whatever strings the model put in its fields.
  const body = `${l.event}: ${l.fields}`.replace(/[\r\n]/g, " ");
  return `${who} ${ftraceCpu(l.cpu)} ${l.latency} ${ftraceTimestamp(l.t_ns, precision)}: ${body}`;
}
