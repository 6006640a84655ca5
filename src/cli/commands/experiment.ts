// What `pinsim run` and `pinsim compare` share: their common options, and loading a scenario,
// running it on the kernels (or sweeping a parameter), printing, and the exit code.

import { clip } from "../../engine/clip.ts";
import type { KernelConfig } from "../../kernel/config.ts";
import { compareKernels } from "../../lab/compare/compare.ts";
import type { Comparison, KernelSummary } from "../../lab/compare/summary.ts";
import { sweep } from "../../lab/compare/sweep.ts";
import {
  applyVary,
  checkVary,
  parseVary,
  type Vary,
  VaryError,
  writtenValues,
} from "../../lab/compare/sweep_param.ts";
import { admit, type Limits } from "../../lab/run/budget.ts";
import { checkCosts, RunSetupError, runScenario } from "../../lab/run/run.ts";
import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import { nameList, withoutActors } from "../../lab/run/variant.ts";
import { comparisonChart, sweepChart } from "../../report/charts/plots.ts";
import { comparisonJson } from "../../report/text/run_json.ts";
import { formatSweep } from "../../report/text/sweep_table.ts";
import { formatComparison, formatPins, type ReplayContext } from "../../report/text/table.ts";
import { loadScenario } from "../../scenarios/index.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { type CommandSpec, type OptionSpec, type Parsed, UsageError, usageLine } from "../args.ts";
import type { ExitCode, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { checkOutputPath, plotFormat, writePlot } from "../output_file.ts";
import { progressBar } from "../progress.ts";
import { LIMIT_OPTIONS, limitsOf } from "./limits.ts";

registerInputError(RunSetupError);
registerInputError(VaryError);

/** Each worker thread loads all of pinsim (tens of MB); past this many they only cost memory. */
const MAX_WORKER_THREADS = 64;

/** Options `run` and `compare` share. */
export const EXPERIMENT_OPTIONS: readonly OptionSpec[] = [
  {
    name: "seed",
    type: "int",
    min: 0,
    max: MAX_SEED,
    default: DEFAULT_SEED,
    help: `seed of the first run; run i uses seed+i (0..${MAX_SEED})`,
  },
  {
    name: "without",
    type: "string",
    help: "drop these actors (names or kinds, comma-separated), e.g. gup-reader",
  },
  { name: "json", type: "boolean", help: "machine-readable output on stdout" },
  { name: "quiet", type: "boolean", help: "no progress bar" },
  {
    name: "workers",
    type: "int",
    min: 1,
    max: MAX_WORKER_THREADS,
    help: "worker threads (default: chosen from the number of runs)",
  },
  {
    name: "vary",
    type: "string",
    help: "sweep one parameter: PARAM=a..b:n or PARAM=a,b,c, e.g. gpu.hold=10us..2s:8 (log-spaced when b/a >= 100)",
  },
  {
    name: "plot",
    type: "string",
    help: "write a chart to FILE.svg or FILE.png (failure rate per kernel, or per --vary value)",
  },
  ...LIMIT_OPTIONS,
];

/** What a run or compare works on, with every input checked before any simulation starts. */
interface Experiment {
  readonly scenarioArg: string;
  readonly without: string[];
  readonly full: Scenario;
  readonly scenario: Scenario;
  readonly configs: KernelConfig[];
  readonly runs: number;
  readonly seed: number;
  readonly limits: Limits;
  readonly plot: string | undefined;
  readonly quiet: boolean;
  readonly json: boolean;
}

/** Loads the scenario, runs it on the kernels, prints, and says whether a property was violated. */
export async function runExperiment(
  spec: CommandSpec,
  args: Parsed,
  io: Io,
  kernelsOf: (s: Scenario) => string[],
): Promise<ExitCode> {
  const x = prepare(spec, args, kernelsOf);
  const varyText = args.options.vary as string | undefined;
  if (varyText !== undefined) {
    const vary = parseVary(varyText, x.scenario);
    checkVary(vary, writtenValues(varyText), x.scenario, x.full, (over) => loadScenario(x.scenarioArg, over));
    const points = vary.values.map((v) => applyVary(x.scenario, vary.param, v));
    admit(points, x.runs * x.configs.length, x.limits);
    return runSweep(io, x, vary);
  }
  const single = x.runs === 1 && x.configs.length === 1;
  admit([x.scenario], x.runs * x.configs.length + (single ? 1 : 0), x.limits);
  return runComparison(io, x, single, args.options.workers as number | undefined);
}

function prepare(spec: CommandSpec, args: Parsed, kernelsOf: (s: Scenario) => string[]): Experiment {
  const o = args.options;
  const scenarioArg = args.positionals[0]!;
  const without = nameList(o.without as string | undefined);
  const full = loadScenario(scenarioArg);
  const scenario = withoutActors(full, without);
  const configs = kernelsOf(scenario).map(resolveKernel); // unknown kernels fail here, before any output
  checkCosts(scenario); // bad cost names too
  const limits = limitsOf(args, usageLine(spec));
  const plot = o.plot as string | undefined;
  if (plot !== undefined && plotFormat(plot) === null) {
    throw new UsageError(`--plot: "${clip(plot)}" must end in .svg or .png`, usageLine(spec));
  }
  if (plot !== undefined) checkOutputPath(plot, "--plot");
  const runs = o.runs as number;
  const seed = o.seed as number;
  return {
    scenarioArg,
    without,
    full,
    scenario,
    configs,
    runs,
    seed,
    limits,
    plot,
    quiet: o.quiet === true,
    json: o.json === true,
  };
}

async function runComparison(
  io: Io,
  x: Experiment,
  single: boolean,
  workers: number | undefined,
): Promise<ExitCode> {
  const bar = progressBar(io, x.scenario.name, x.quiet);
  const c = await compareKernels(x.scenario, x.configs, {
    runs: x.runs,
    seed: x.seed,
    workers,
    onProgress: bar.update,
    limits: x.limits,
  });
  bar.done();
  const ctx: ReplayContext = {
    scenarioArg: x.scenarioArg,
    description: x.scenario.description,
    without: x.without,
  };
  const one = single ? runScenario(x.scenario, x.configs[0]!, x.seed, { limits: x.limits }) : undefined;
  if (x.plot !== undefined) await writePlot(x.plot, comparisonChart(c));
  io.out(x.json ? comparisonJson(c, one) : formatComparison(c, ctx) + (one ? `\n${formatPins(one)}` : ""));
  if (x.plot !== undefined) io.err(`wrote ${x.plot}\n`);
  return violated(c) ? 1 : 0;
}

async function runSweep(io: Io, x: Experiment, vary: Vary): Promise<ExitCode> {
  const bar = progressBar(io, `${x.scenario.name} ${vary.param}`, x.quiet);
  const kernels = x.configs.map((c) => c.name);
  const r = await sweep(x.scenario, kernels, vary, {
    runs: x.runs,
    seed: x.seed,
    limits: x.limits,
    onProgress: bar.update,
  });
  bar.done();
  if (x.plot !== undefined) await writePlot(x.plot, sweepChart(r));
  io.out(x.json ? `${JSON.stringify(r, null, 2)}\n` : formatSweep(r));
  if (x.plot !== undefined) io.err(`wrote ${x.plot}\n`);
  return r.points.some((row) => row.some((k) => violatedSummary(k))) ? 1 : 0;
}

function violated(c: Comparison): boolean {
  return c.results.some(violatedSummary);
}

function violatedSummary(r: KernelSummary): boolean {
  return r.properties.some((p) => p.violations > 0) || r.invariant_failures > 0;
}
