// One ftrace text line: "<comm>-<pid> [CPU] flags  seconds.micros: event: fields".
// Layout of the kernel's print_trace_fmt (trace_output.c) in the releases that print a 7-wide
// pid and four irq-flag columns: "%16s-%-7d [%03d] %s %5lu.%06lu: ". Four flag columns rather
// than the newer five, because older Perfetto line tokenizers accept at most four.
// Perfetto's systrace tokenizer keys on "-<pid> ... [<cpu>] <flags> <secs>.<frac>: <event>:".

import type { TraceTask } from "../../kernel/trace.ts";

/** Kernel task names are TASK_COMM_LEN (16) bytes including the NUL. */
const COMM_MAX_CHARS = 15;
/** irqs-off, need-resched, hardirq/softirq, preempt-depth: the model has no such state. */
const IRQ_FLAGS = "....";
const NS_PER_US = 1000;
const US_PER_S = 1_000_000;

/** Comm as the kernel would print it: truncated, never empty ("<...>" is ftrace's unknown comm). */
export function ftraceComm(comm: string): string {
  const oneLine = comm.replace(/[\r\n]/g, " ");
  return oneLine.length === 0 ? "<...>" : oneLine.slice(0, COMM_MAX_CHARS);
}

/** Seconds with microsecond resolution, "%5lu.%06lu": the ns are truncated like the kernel does. */
export function ftraceTimestamp(t_ns: number): string {
  const total_us = Math.floor(t_ns / NS_PER_US);
  const secs = Math.floor(total_us / US_PER_S);
  const micros = total_us % US_PER_S;
  return `${String(secs).padStart(5)}.${String(micros).padStart(6, "0")}`;
}

export function ftraceCpu(cpu: number): string {
  return `[${String(cpu).padStart(3, "0")}]`;
}

export function ftraceLine(
  task: TraceTask,
  cpu: number,
  t_ns: number,
  event: string,
  fields: string,
): string {
  const who = `${ftraceComm(task.comm).padStart(16)}-${String(task.pid).padEnd(7)}`;
  // One event, one line, whatever strings the model put in its fields.
  const body = `${event}: ${fields}`.replace(/[\r\n]/g, " ");
  return `${who} ${ftraceCpu(cpu)} ${IRQ_FLAGS} ${ftraceTimestamp(t_ns)}: ${body}`;
}
