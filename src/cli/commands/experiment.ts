// What `pinsim run` and `pinsim compare` share: their common options, and loading a scenario,
// running it on the kernels (or sweeping a parameter), printing, and the exit code.

import { clip } from "../../engine/clip.ts";
import type { KernelConfig } from "../../kernel/config.ts";
import { rulesAreBuiltin } from "../../kernel/decisions.ts";
import { compareKernels } from "../../lab/compare/compare.ts";
import type { Spread } from "../../lab/compare/jobs.ts";
import type { Comparison, KernelSummary } from "../../lab/compare/summary.ts";
import { admit, type Limits } from "../../lab/run/budget.ts";
import { checkCosts, type InvariantChecks, RunSetupError, runScenario } from "../../lab/run/run.ts";
import { nameList, withoutActors } from "../../lab/run/variant.ts";
import { comparisonOutput } from "../../report/comparison_output.ts";
import type { OutputFormat } from "../../report/output_formats.ts";
import type { ReplayContext } from "../../report/text/table.ts";
import { loadScenario } from "../../scenarios/index.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { type CommandSpec, type Parsed, UsageError, usageLine } from "../args.ts";
import type { ExitCode, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { progressBar } from "../progress.ts";
import { invariantChecks } from "./invariant_option.ts";
import { limitsOf } from "./limits.ts";

// Loaded only when an option asks for them (a 1-run `run` is mostly start-up): the sweep
// (experiment_sweep.ts, --vary), the output-file code (--plot), the queue (--queue) and charts.

registerInputError(RunSetupError);

/** What a run or compare works on, with every input checked before any simulation starts. */
export interface Experiment {
  readonly scenarioArg: string;
  readonly without: string[];
  readonly full: Scenario;
  readonly scenario: Scenario;
  readonly configs: KernelConfig[];
  readonly invariants: InvariantChecks;
  readonly runs: number;
  readonly seed: number;
  readonly limits: Limits;
  readonly quiet: boolean;
  readonly format: OutputFormat;
  readonly plot: string | undefined;
  readonly ctx: ReplayContext;
  /** --queue URL */
  readonly queue: string | undefined;
}

/** Loads the scenario, runs it on the kernels, prints, and says whether a property was violated. */
export async function runExperiment(
  spec: CommandSpec,
  args: Parsed,
  io: Io,
  kernelsOf: (s: Scenario) => string[],
): Promise<ExitCode> {
  const x = await prepareExperiment(spec, args, kernelsOf);
  const varyText = args.options.vary as string | undefined;
  if (varyText !== undefined) return (await import("./experiment_sweep.ts")).runSweep(io, x, varyText);
  const single = admitComparison(x);
  return runComparison(io, x, single, args.options.workers as number | undefined);
}

/** Checks the comparison against the limits; whether it is a single run (one kernel, one run). */
export function admitComparison(x: Experiment): boolean {
  const single = x.runs === 1 && x.configs.length === 1;
  admit([x.scenario], x.runs * x.configs.length + (single ? 1 : 0), x.limits);
  return single;
}

export async function prepareExperiment(
  spec: CommandSpec,
  args: Parsed,
  kernelsOf: (s: Scenario) => string[],
): Promise<Experiment> {
  const o = args.options;
  const scenarioArg = args.positionals[0]!;
  const without = nameList(o.without as string | undefined);
  const full = loadScenario(scenarioArg);
  const scenario = withoutActors(full, without);
  const configs = kernelsOf(scenario).map(resolveKernel); // unknown kernels fail here, before any output
  checkCosts(scenario); // bad cost names too
  const limits = limitsOf(args, usageLine(spec));
  const format = outputFormat(spec, args);
  const plot = o.plot as string | undefined;
  const outputFile = plot === undefined ? undefined : await import("../output_file.ts");
  if (plot !== undefined && outputFile!.plotFormat(plot) === null) {
    throw new UsageError(`--plot: "${clip(plot)}" must end in .svg, .png or .vl.json`, usageLine(spec));
  }
  if (o.vary !== undefined && format === "wide")
    throw new UsageError(
      "--format wide: a sweep already prints one row per value; use text",
      usageLine(spec),
    );
  if (plot !== undefined) outputFile!.checkOutputPath(plot, "--plot");
  const queue = o.queue as string | undefined;
  if (queue !== undefined) {
    (await import("../queue_option.ts")).checkQueueUrl(queue);
    checkQueueable(spec, configs);
  }
  return {
    scenarioArg,
    without,
    full,
    scenario,
    configs,
    invariants: invariantChecks(o),
    runs: o.runs as number,
    seed: o.seed as number,
    limits,
    quiet: o.quiet === true,
    format,
    plot,
    queue,
    ctx: {
      scenarioArg,
      description: scenario.description,
      without,
      patchModule: o["patch-module"] as string | undefined,
    },
  };
}

async function runComparison(
  io: Io,
  x: Experiment,
  single: boolean,
  workers: number | undefined,
): Promise<ExitCode> {
  const c = await comparisonWithProgress(io, x, workers);
  const one = single
    ? runScenario(x.scenario, x.configs[0]!, x.seed, { limits: x.limits, invariants: x.invariants })
    : undefined;
  if (x.plot !== undefined) {
    const [{ writePlot }, { comparisonSpec }] = await Promise.all([
      import("../output_file.ts"),
      import("../../report/charts/comparison_spec.ts"),
    ]);
    await writePlot(x.plot, comparisonSpec(c));
  }
  io.out(comparisonOutput(c, x.configs, x.ctx, x.format, one));
  if (x.plot !== undefined) io.err(`wrote ${x.plot}\n`);
  return violated(c) ? 1 : 0;
}

/** The comparison, with a progress bar on a terminal. */
export async function comparisonWithProgress(
  io: Io,
  x: Experiment,
  workers: number | undefined,
): Promise<Comparison> {
  const bar = progressBar(io, x.scenario.name, x.quiet);
  const c = await spreading(x, (spread) =>
    compareKernels(x.scenario, x.configs, {
      runs: x.runs,
      seed: x.seed,
      workers,
      onProgress: bar.update,
      limits: x.limits,
      invariants: x.invariants,
      spread,
    }),
  ).finally(() => bar.done());
  return c;
}

/** Runs `body` with the --queue's spread (loaded only then), or with none. */
export async function spreading<T>(
  x: Experiment,
  body: (spread: Spread | undefined) => Promise<T>,
): Promise<T> {
  if (x.queue === undefined) return body(undefined);
  const [{ queueSpread }, { withQueue }] = await Promise.all([
    import("../../lab/compare/queue_jobs.ts"),
    import("../queue_option.ts"),
  ]);
  return withQueue(x.queue, (q) => body(queueSpread(q.runner)));
}

/** Workers know only the built-in kernels: a --patch-module's rules live in this process. */
function checkQueueable(spec: CommandSpec, configs: readonly KernelConfig[]): void {
  const local = configs.find((c) => !rulesAreBuiltin(c));
  if (local !== undefined)
    throw new UsageError(
      `--queue: kernel ${local.name} uses rules from --patch-module, which workers do not load; run it without --queue`,
      usageLine(spec),
    );
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

export function violated(c: Comparison): boolean {
  return c.results.some(violatedSummary);
}

export function violatedSummary(r: KernelSummary): boolean {
  return r.properties.some((p) => p.violations > 0) || r.invariant_failures > 0;
}
