import { gzipSync } from "node:zlib";
import type { TraceEvent } from "../../kernel/trace.ts";
import { admit } from "../../lab/run/budget.ts";
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
import { UsageError, usageLine } from "../args.ts";
import type { Command, ExitCode } from "../command.ts";
import { checkOutputPath, writeOutputFile } from "../output_file.ts";
import { TRACE_SPEC } from "../specs/trace.ts";
import { invariantChecks } from "./invariant_option.ts";
import { limitsOf } from "./limits.ts";
import { parseNarrowing } from "./trace_options.ts";

/** The trace-shaping options, in the order the replay line repeats them. */
const SHAPING = ["events", "cpus", "folios", "from", "to", "ns-timestamps", "with-ftrace"] as const;

export const traceCommand: Command = {
  spec: TRACE_SPEC,
  async run(args, io): Promise<ExitCode> {
    const usage = usageLine(TRACE_SPEC);
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
