// What `pinsim run` and `pinsim compare` share: their common options, and loading a scenario,
// running it on the kernels (or sweeping a parameter), printing, and the exit code.

import type { KernelConfig } from "../../kernel/config.ts";
import { compareKernels } from "../../lab/compare/compare.ts";
import type { Comparison, KernelSummary } from "../../lab/compare/summary.ts";
import { type SweepResult, sweep } from "../../lab/compare/sweep.ts";
import { parseVary, type Vary, VaryError } from "../../lab/compare/sweep_param.ts";
import { checkCosts, type InvariantChecks, RunSetupError, runScenario } from "../../lab/run/run.ts";
import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import { nameList, withoutActors } from "../../lab/run/variant.ts";
import { comparisonSpec } from "../../report/charts/comparison_spec.ts";
import { sweepSpec } from "../../report/charts/sweep_spec.ts";
import { comparisonCsv, sweepCsv } from "../../report/csv.ts";
import { comparisonMarkdown, sweepMarkdown } from "../../report/markdown.ts";
import { comparisonJson, sweepJson } from "../../report/text/run_json.ts";
import { formatSweep, sweepCommandLine } from "../../report/text/sweep_table.ts";
import {
  formatComparison,
  formatPins,
  type ReplayContext,
  replayCommandLines,
} from "../../report/text/table.ts";
import { plotFormat, writePlot } from "../../report/write_output.ts";
import { loadScenario } from "../../scenarios/index.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { type CommandSpec, type OptionSpec, type Parsed, UsageError, usageLine } from "../args.ts";
import type { ExitCode, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { progressBar } from "../progress.ts";
import { CHECK_INVARIANTS_OPTION, invariantChecks, MODEL_INVARIANT_EXIT_TEXT } from "./invariant_option.ts";

registerInputError(RunSetupError);
registerInputError(VaryError);

const VARY_HELP =
  "sweep one parameter over values: PARAM=a..b:n (n values, log-spaced when b/a >= 100) or PARAM=a,b,c. " +
  "PARAM is <actor>.<field> (the actor's name or kind: gpu.hold, gpu.hold.mean, pkvm-vcpu.interval, " +
  "readahead.start, ...), machine.<cpus|dma32|normal|movable|cma>, costs.<cost name> (docs/cost-model.md) " +
  "or stop; a wrong PARAM lists every one the scenario has. Durations take units: 10us..2s:8.";

export const OUTPUT_FORMATS = ["text", "wide", "json", "csv", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const EXPERIMENT_EXIT_CODES: readonly string[] = [
  "0 every property the scenario checks held in every run",
  "1 a run violated a property (the output names it, with the lines that replay and explain the run)",
  "2 bad input: scenario, kernel, option or --vary (the message says what is wrong and what is valid)",
  MODEL_INVARIANT_EXIT_TEXT,
];

/** Options `run` and `compare` share. */
export const EXPERIMENT_OPTIONS: readonly OptionSpec[] = [
  {
    name: "seed",
    type: "int",
    min: 0,
    default: DEFAULT_SEED,
    help: `seed of the first run; run i uses seed+i (0..${MAX_SEED})`,
  },
  {
    name: "without",
    type: "string",
    valueName: "ACTORS",
    help: "drop these actors (names or kinds, comma-separated), e.g. gup-reader",
  },
  {
    name: "format",
    type: "string",
    choices: OUTPUT_FORMATS,
    valueName: "FORMAT",
    help:
      "text: metrics as rows, kernels as columns, each kernel's change against the first (mmtests compare-kernels); " +
      "wide: one row per kernel, every figure a column; json; csv (raw numbers); markdown (tables to paste).",
    default: "text",
  },
  { name: "json", type: "boolean", help: "the same as --format json" },
  CHECK_INVARIANTS_OPTION,
  { name: "quiet", type: "boolean", help: "no progress bar" },
  {
    name: "workers",
    type: "int",
    min: 1,
    help: "worker threads (default: chosen from the number of runs); the output does not depend on it",
  },
  { name: "vary", type: "string", valueName: "PARAM=a..b:n", help: VARY_HELP },
  {
    name: "plot",
    type: "string",
    valueName: "FILE",
    help:
      "write a chart: FILE.svg, FILE.png, or FILE.vl.json (the Vega-Lite spec itself, to restyle in the Vega editor). " +
      "Failure rate, drains and latency per kernel; with --vary, failure rate and p99 latency per value.",
  },
];

interface Options {
  readonly invariants: InvariantChecks;
  readonly runs: number;
  readonly seed: number;
  readonly quiet: boolean;
  readonly format: OutputFormat;
  readonly plot: string | undefined;
}

/** Loads the scenario, runs it on the kernels, prints, and says whether a property was violated. */
export async function runExperiment(
  spec: CommandSpec,
  args: Parsed,
  io: Io,
  kernelsOf: (s: Scenario) => string[],
): Promise<ExitCode> {
  const o = args.options;
  const seed = o.seed as number;
  if (seed > MAX_SEED)
    throw new UsageError(`--seed: ${seed} is above the maximum ${MAX_SEED}`, usageLine(spec));
  const scenarioArg = args.positionals[0]!;
  const without = nameList(o.without as string | undefined);
  const scenario = withoutActors(loadScenario(scenarioArg), without);
  const configs = kernelsOf(scenario).map(resolveKernel); // unknown kernels fail here, before any output
  checkCosts(scenario); // bad cost names too
  const opts: Options = {
    invariants: invariantChecks(o),
    runs: o.runs as number,
    seed,
    quiet: o.quiet === true,
    format: outputFormat(spec, args),
    plot: o.plot as string | undefined,
  };
  if (opts.plot !== undefined && plotFormat(opts.plot) === null) {
    throw new UsageError(`--plot: "${opts.plot}" must end in .svg, .png or .vl.json`, usageLine(spec));
  }
  const ctx: ReplayContext = { scenarioArg, description: scenario.description, without };
  if (o.vary !== undefined) {
    if (opts.format === "wide")
      throw new UsageError(
        "--format wide: a sweep already prints one row per value; use text",
        usageLine(spec),
      );
    const vary = parseVary(o.vary as string, scenario);
    return runSweep(io, scenario, configs, vary, { ...opts, ctx, varyText: o.vary as string });
  }
  const bar = progressBar(io, scenario.name, opts.quiet);
  const c = await compareKernels(scenario, configs, {
    runs: opts.runs,
    seed,
    workers: o.workers as number | undefined,
    onProgress: bar.update,
    invariants: opts.invariants,
  });
  bar.done();
  const single =
    opts.runs === 1 && configs.length === 1
      ? runScenario(scenario, configs[0]!, seed, { invariants: opts.invariants })
      : undefined;
  if (opts.plot !== undefined) await writePlot(opts.plot, comparisonSpec(c));
  io.out(comparisonOutput(c, configs, ctx, opts.format, single));
  if (opts.plot !== undefined) io.err(`wrote ${opts.plot}\n`);
  return violated(c) ? 1 : 0;
}

/** --format, or --json; the two must not disagree. */
function outputFormat(spec: CommandSpec, args: Parsed): OutputFormat {
  const format = (args.options.format as OutputFormat | undefined) ?? "text";
  if (args.options.json !== true) return format;
  if (format !== "text" && format !== "json")
    throw new UsageError(
      `--json and --format ${format} ask for different outputs; give one`,
      usageLine(spec),
    );
  return "json";
}

function comparisonOutput(
  c: Comparison,
  configs: readonly KernelConfig[],
  ctx: ReplayContext,
  format: OutputFormat,
  single: ReturnType<typeof runScenario> | undefined,
): string {
  if (format === "json") return comparisonJson(c, configs, single);
  if (format === "csv") return comparisonCsv(c);
  if (format === "markdown") return comparisonMarkdown(c, replayCommandLines(c, ctx));
  return formatComparison(c, ctx, format) + (single ? `\n${formatPins(single)}` : "");
}

interface SweepOptions extends Options {
  readonly ctx: ReplayContext;
  readonly varyText: string;
}

async function runSweep(
  io: Io,
  scenario: Scenario,
  configs: readonly KernelConfig[],
  vary: Vary,
  o: SweepOptions,
): Promise<ExitCode> {
  const bar = progressBar(io, `${scenario.name} ${vary.param}`, o.quiet);
  const r = await sweep(scenario, configs, vary, {
    runs: o.runs,
    seed: o.seed,
    onProgress: bar.update,
    invariants: o.invariants,
  });
  bar.done();
  if (o.plot !== undefined) await writePlot(o.plot, sweepSpec(r));
  io.out(sweepOutput(r, configs, o));
  if (o.plot !== undefined) io.err(`wrote ${o.plot}\n`);
  return r.points.some((row) => row.some((k) => violatedSummary(k))) ? 1 : 0;
}

function sweepOutput(r: SweepResult, configs: readonly KernelConfig[], o: SweepOptions): string {
  const replay = sweepCommandLine(o.ctx, r, o.varyText);
  if (o.format === "json") return sweepJson(r, configs);
  if (o.format === "csv") return sweepCsv(r);
  if (o.format === "markdown") return sweepMarkdown(r, [replay]);
  return `${formatSweep(r)}\nto replay:\n  ${replay}\n`;
}

function violated(c: Comparison): boolean {
  return c.results.some(violatedSummary);
}

function violatedSummary(r: KernelSummary): boolean {
  return r.properties.some((p) => p.violations > 0) || r.invariant_failures > 0;
}
