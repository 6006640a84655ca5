// `pinsim trace`: what it accepts and its --help (cli/commands/trace.ts runs it).

import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import type { CommandSpec } from "../args.ts";
import { CHECK_INVARIANTS_OPTION, MODEL_INVARIANT_EXIT_TEXT } from "../commands/invariant_option.ts";
import { LIMIT_OPTIONS, PATCH_MODULE_OPTION } from "./shared_options.ts";

export const TRACE_SPEC: CommandSpec = {
  name: "trace",
  summary:
    "Trace one run: the text of /sys/kernel/tracing/trace on a 6.x kernel (the trace file's layout, not trace-cmd report's), or Chrome trace-event JSON for Perfetto.",
  positionals: [{ name: "<scenario>", help: "a built-in scenario name or a YAML file" }],
  examples: [
    "pinsim trace pkvm-mlock-onfault --kernel v6.15 --seed 4 | less",
    "pinsim trace pkvm-mlock-onfault --kernel v6.15 --seed 4 --events 'r_*,mm_migrate_pages'",
    "pinsim trace pkvm-mlock-onfault --kernel v6.15 --seed 4 --format chrome -o trace.json",
  ],
  exitCodes: [
    "0 the trace was written",
    "2 bad input: scenario, kernel, option, limit or output file",
    MODEL_INVARIANT_EXIT_TEXT,
    "74 the output file could not be written (disk full, I/O error)",
  ],
  options: [
    PATCH_MODULE_OPTION,
    {
      name: "kernel",
      type: "string",
      help: "kernel, e.g. v6.15 or v6.15+hugh-refcount-check (default: the scenario's)",
    },
    { name: "seed", type: "int", help: "run seed", default: DEFAULT_SEED, min: 0, max: MAX_SEED },
    {
      name: "format",
      type: "string",
      help: "output format",
      choices: ["ftrace", "chrome"],
      default: "ftrace",
    },
    {
      name: "output",
      short: "o",
      type: "string",
      help: "write to FILE instead of stdout; gzip if FILE ends in .gz",
    },
    {
      name: "events",
      type: "string",
      help: "only these events: comma-separated globs of the ftrace names, e.g. page_ref_*,mm_migrate_pages,r_*",
    },
    { name: "cpus", type: "string", help: "only events on these CPUs, e.g. 0,3-5" },
    {
      name: "folios",
      type: "string",
      help: "only these folios, by id (7) or pfn (0x100007); in chrome, their counter and batch tracks (default: the folios a migration check failed on)",
    },
    { name: "from", type: "string", help: "only events at or after this time, e.g. 1.5ms" },
    { name: "to", type: "string", help: "only events at or before this time, e.g. 2s" },
    {
      name: "ns-timestamps",
      type: "boolean",
      help: "ftrace timestamps with nine fraction digits (trace-cmd report -t style)",
    },
    CHECK_INVARIANTS_OPTION,
    {
      name: "with-ftrace",
      type: "boolean",
      help: "chrome: embed the kernel tracepoint lines as systemTraceEvents, so Perfetto shows both in one file",
    },
    ...LIMIT_OPTIONS,
  ],
};
