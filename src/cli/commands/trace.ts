import { gzipSync } from "node:zlib";
import type { TraceEvent } from "../../kernel/trace.ts";
import { admit } from "../../lab/run/budget.ts";
import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import { traceScenario } from "../../lab/run/trace_run.ts";
import { formatChromeTrace } from "../../report/chrome/chrome_trace.ts";
import {
  eventKeeper,
  eventNames,
  lineSources,
  nameMatcher,
  type TraceFilter,
} from "../../report/ftrace/filter.ts";
import { type FtraceOptions, formatFtrace } from "../../report/ftrace/ftrace.ts";
import { shellWord } from "../../report/text/columns.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { type CommandSpec, UsageError, usageLine } from "../args.ts";
import type { Command, ExitCode } from "../command.ts";
import { checkOutputPath, writeOutputFile } from "../output_file.ts";
import { PATCH_MODULE_OPTION } from "../patch_module.ts";
import { CHECK_INVARIANTS_OPTION, invariantChecks, MODEL_INVARIANT_EXIT_TEXT } from "./invariant_option.ts";
import { LIMIT_OPTIONS, limitsOf } from "./limits.ts";
import { parseNarrowing } from "./trace_options.ts";

/** The trace-shaping options, in the order the replay line repeats them. */
const SHAPING = ["events", "cpus", "folios", "from", "to", "ns-timestamps", "with-ftrace"] as const;

const SPEC: CommandSpec = {
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

export const traceCommand: Command = {
  spec: SPEC,
  async run(args, io): Promise<ExitCode> {
    const usage = usageLine(SPEC);
    const out = args.options.output as string | undefined;
    if (out !== undefined) checkOutputPath(out, "-o");
    const scenario = loadScenario(args.positionals[0]!);
    const config = resolveKernel((args.options.kernel as string | undefined) ?? scenario.kernel);
    const seed = args.options.seed as number;
    const chrome = args.options.format === "chrome";
    if (args.options["with-ftrace"] === true && !chrome)
      throw new UsageError("--with-ftrace embeds ftrace in the chrome format: add --format chrome", usage);
    const { filter, globs } = parseNarrowing(args.options, scenario.machine.cpus, usage);
    const limits = limitsOf(args, usage);
    admit([scenario], 1, limits, { traced: true });
    const chosen = nameMatcher(globs);
    const { result, events } = traceScenario(
      scenario,
      config,
      seed,
      emitFilter(filter, globs, chosen, chrome),
      limits,
      invariantChecks(args.options),
    );
    const ftrace: FtraceOptions = {
      nrCpus: scenario.machine.cpus,
      tracepoints: result.config.tracepoints,
      timestamps: args.options["ns-timestamps"] === true ? "ns" : "us",
      events: chosen,
    };
    const foliosChosen = filter.folios !== undefined || filter.pfns !== undefined;
    const text = chrome
      ? chromeText(events, ftrace, args.options, foliosChosen)
      : formatFtrace(events, ftrace);
    const replay = replayLine(shellWord(args.positionals[0]!), shellWord(config.name), seed, args.options);
    if (out === undefined) {
      io.out(text);
      // On a terminal only: a script reading stderr of `pinsim trace ... | parser` gets nothing extra.
      if (io.errIsTty) io.err(`replay: ${replay}\n`);
      return 0;
    }
    await writeOutputFile(out, out.toLowerCase().endsWith(".gz") ? gzipSync(text) : text, "-o");
    io.err(`wrote ${events.length} events to ${out}; replay: ${replay}\n`);
    return 0;
  },
};

/** Drops, as the run emits them, the events outside the narrowing (filter.ts). */
function emitFilter(
  filter: TraceFilter,
  globs: readonly string[] | undefined,
  chosen: (name: string) => boolean,
  chrome: boolean,
): (ev: TraceEvent) => boolean {
  const where = eventKeeper(filter);
  if (globs === undefined) return where;
  const named = chrome ? (ev: TraceEvent) => eventNames(ev).some(chosen) : lineSources(chosen);
  return (ev) => where(ev) && named(ev);
}

function replayLine(name: string, kernel: string, seed: number, options: Record<string, unknown>): string {
  const shaping = SHAPING.filter((o) => options[o] !== undefined)
    .map((o) => (options[o] === true ? ` --${o}` : ` --${o} ${String(options[o])}`))
    .join("");
  return `pinsim trace ${name} --kernel ${kernel} --seed ${seed} --format ${String(options.format)}${shaping}`;
}

/** In Chrome, --folios picks the folio tracks; the embedded ftrace omits what the JSON draws. */
function chromeText(
  events: readonly TraceEvent[],
  ftrace: FtraceOptions,
  options: Record<string, unknown>,
  foliosChosen: boolean,
): string {
  const embed = options["with-ftrace"] === true;
  const chosen = ftrace.events ?? (() => true);
  const systemTrace = embed
    ? formatFtrace(events, { ...ftrace, events: (name) => chosen(name) && !DRAWN_IN_JSON.has(name) })
    : undefined;
  return formatChromeTrace(events, {
    folioTracks: foliosChosen ? "all" : "failed",
    systemTrace,
  });
}

/** Lines whose content the JSON already draws as slices and counters. */
const DRAWN_IN_JSON: ReadonlySet<string> = new Set([
  "tracing_mark_write",
  "workqueue_execute_start",
  "workqueue_execute_end",
]);
