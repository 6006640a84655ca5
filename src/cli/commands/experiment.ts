// What `pinsim run` and `pinsim compare` share: their common options, and loading a scenario,
// running it on the kernels (or sweeping a parameter), printing, and the exit code.

import { clip } from "../../engine/clip.ts";
import { compareKernels } from "../../lab/compare/compare.ts";
import type { Comparison, KernelSummary } from "../../lab/compare/summary.ts";
import { sweep } from "../../lab/compare/sweep.ts";
import { checkVary, parseVary, type Vary, VaryError, writtenValues } from "../../lab/compare/sweep_param.ts";
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

registerInputError(RunSetupError);

/** Each worker thread loads all of pinsim (tens of MB); past this many they only cost memory. */
const MAX_WORKER_THREADS = 64;
registerInputError(VaryError);

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
];

/** Loads the scenario, runs it on the kernels, prints, and says whether a property was violated. */
export async function runExperiment(
  spec: CommandSpec,
  args: Parsed,
  io: Io,
  kernelsOf: (s: Scenario) => string[],
): Promise<ExitCode> {
  const o = args.options;
  const seed = o.seed as number;
  const scenarioArg = args.positionals[0]!;
  const without = nameList(o.without as string | undefined);
  const full = loadScenario(scenarioArg);
  const scenario = withoutActors(full, without);
  const configs = kernelsOf(scenario).map(resolveKernel); // unknown kernels fail here, before any output
  checkCosts(scenario); // bad cost names too
  const runs = o.runs as number;
  const plot = o.plot as string | undefined;
  if (plot !== undefined && plotFormat(plot) === null) {
    throw new UsageError(`--plot: "${clip(plot)}" must end in .svg or .png`, usageLine(spec));
  }
  if (plot !== undefined) checkOutputPath(plot, "--plot");
  if (o.vary !== undefined) {
    const vary = parseVary(o.vary as string, scenario);
    checkVary(vary, writtenValues(o.vary as string), scenario, full, (over) =>
      loadScenario(scenarioArg, over),
    );
    return runSweep(
      io,
      scenario,
      configs.map((c) => c.name),
      vary,
      { runs, seed, quiet: o.quiet === true, json: o.json === true, plot },
    );
  }
  const bar = progressBar(io, scenario.name, o.quiet === true);
  const c = await compareKernels(scenario, configs, {
    runs,
    seed,
    workers: o.workers as number | undefined,
    onProgress: bar.update,
  });
  bar.done();
  const ctx: ReplayContext = { scenarioArg, description: scenario.description, without };
  const single = runs === 1 && configs.length === 1 ? runScenario(scenario, configs[0]!, seed) : undefined;
  if (plot !== undefined) await writePlot(plot, comparisonChart(c));
  io.out(
    o.json ? comparisonJson(c, single) : formatComparison(c, ctx) + (single ? `\n${formatPins(single)}` : ""),
  );
  if (plot !== undefined) io.err(`wrote ${plot}\n`);
  return violated(c) ? 1 : 0;
}

interface SweepOptions {
  runs: number;
  seed: number;
  quiet: boolean;
  json: boolean;
  plot: string | undefined;
}

async function runSweep(
  io: Io,
  scenario: Scenario,
  kernels: string[],
  vary: Vary,
  o: SweepOptions,
): Promise<ExitCode> {
  const bar = progressBar(io, `${scenario.name} ${vary.param}`, o.quiet);
  const r = await sweep(scenario, kernels, vary, { runs: o.runs, seed: o.seed, onProgress: bar.update });
  bar.done();
  if (o.plot !== undefined) await writePlot(o.plot, sweepChart(r));
  io.out(o.json ? `${JSON.stringify(r, null, 2)}\n` : formatSweep(r));
  if (o.plot !== undefined) io.err(`wrote ${o.plot}\n`);
  return r.points.some((row) => row.some((k) => violatedSummary(k))) ? 1 : 0;
}

function violated(c: Comparison): boolean {
  return c.results.some(violatedSummary);
}

function violatedSummary(r: KernelSummary): boolean {
  return r.properties.some((p) => p.violations > 0) || r.invariant_failures > 0;
}
