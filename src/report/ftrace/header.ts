// The comment header of /sys/kernel/tracing/trace for the nop tracer (print_trace_header and
// print_func_help_header_irq in kernel/trace/trace.c), in the layout of ftrace_line.ts: 7-wide pid
// and four irq-flag columns. Perfetto recognises a systrace text file by its "# tracer" first line
// and skips every '#' line.

export function ftraceHeader(entries: number, nrCpus: number): string[] {
  return [
    "# tracer: nop",
    "#",
    `# entries-in-buffer/entries-written: ${entries}/${entries}   #P:${nrCpus}`,
    "#",
    "#                                _-----=> irqs-off",
    "#                               / _----=> need-resched",
    "#                              | / _---=> hardirq/softirq",
    "#                              || / _--=> preempt-depth",
    "#                              ||| /     delay",
    "#           TASK-PID     CPU#  ||||    TIMESTAMP  FUNCTION",
    "#              | |         |   ||||       |         |",
  ];
}
