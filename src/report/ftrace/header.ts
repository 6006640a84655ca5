// The comment header /sys/kernel/tracing/trace starts with on a 6.x kernel, nop tracer, default
// options (print_trace_header() and print_func_help_header_irq() in kernel/trace/trace.c): the
// tracer, the entry and online-CPU counts, then the five latency-flag columns that 5.13 grew
// (migrate-disable joined irqs-off/BH-disabled, need-resched, hardirq/softirq and
// preempt-depth). Perfetto recognises a systrace text file by its "# tracer" first line and
// skips every '#' line. This is the trace file's layout, not `trace-cmd report`'s.

export const HEADER_LINES = 12;

export function ftraceHeader(entries: number, nrCpus: number): string[] {
  return [
    "# tracer: nop",
    "#",
    `# entries-in-buffer/entries-written: ${entries}/${entries}   #P:${nrCpus}`,
    "#",
    "#                                _-----=> irqs-off/BH-disabled",
    "#                               / _----=> need-resched",
    "#                              | / _---=> hardirq/softirq",
    "#                              || / _--=> preempt-depth",
    "#                              ||| / _-=> migrate-disable",
    "#                              |||| /     delay",
    "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
    "#              | |         |   |||||     |         |",
  ];
}
