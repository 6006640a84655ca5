// What the playground computes, as plain functions of its inputs: the Web Worker calls them
// (worker.ts), and tests call them in Node to compare with the command line. Every figure comes
// from the same lab/ and check/ code and every text from the same report/ formatter the CLI uses,
// so a link's numbers are the CLI's, byte for byte.

import type { TopLevelSpec } from "vega-lite";
import { runCheck } from "../check/check.ts";
import type { Counterexample } from "../check/counterexample.ts";
import { checkTarget } from "../check/target.ts";
import type { TimerPolicy } from "../engine/explore/executor.ts";
import { foldRange } from "../lab/compare/fold_range.ts";
import type { Comparison } from "../lab/compare/summary.ts";
import { comparisonOf } from "../lab/compare/summary.ts";
import { explain } from "../lab/explain/explain.ts";
import { admit, DEFAULT_LIMITS } from "../lab/run/budget.ts";
import { checkCosts, runScenario } from "../lab/run/run.ts";
import { DEFAULT_SEED } from "../lab/run/seeds.ts";
import { traceScenario } from "../lab/run/trace_run.ts";
import { comparisonSpec } from "../report/charts/comparison_spec.ts";
import { comparisonOutput } from "../report/comparison_output.ts";
import { formatCheck } from "../report/text/check.ts";
import { formatExplanation } from "../report/text/explain.ts";
import { explainCommandLine, type ReplayContext, runCommandLine } from "../report/text/table.ts";
import { type Timeline, timelineOf } from "../report/timeline/timeline.ts";
import { parseScenarioAs } from "../scenarios/parse.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import { resolveKernel } from "../versions/resolve.ts";

/** A scenario's text and the names it is loaded under, as the CLI would load it. */
export interface ScenarioInput {
  readonly text: string;
  /** Scenario.source: "builtin:NAME" for a built-in, else the file name. */
  readonly source: string;
  /** The name errors give: NAME.yaml for a built-in, else the file name. */
  readonly file: string;
  /** The CLI's scenario argument: the built-in's name or the file. */
  readonly arg: string;
}

export function builtinInput(name: string, text: string): ScenarioInput {
  return { text, source: `builtin:${name}`, file: `${name}.yaml`, arg: name };
}

export function yamlInput(file: string, text: string): ScenarioInput {
  return { text, source: file, file, arg: file };
}

/** Throws ScenarioError (with file:line:column) for a scenario the loader refuses. */
export function loadInput(input: ScenarioInput): Scenario {
  return parseScenarioAs(input.text, input.source, input.file);
}

export interface CompareRequest {
  readonly input: ScenarioInput;
  readonly kernels: readonly string[];
  readonly runs: number;
  readonly seed: number;
}

export interface FailedRun {
  readonly kernel: string;
  readonly seed: number;
  /** What the first violated property says, e.g. "every-pin-succeeds: 65 of 200 runs". */
  readonly what: string;
  readonly runLine: string;
  readonly explainLine: string;
}

export interface CompareOutcome {
  readonly comparison: Comparison;
  /** `pinsim compare ...` (text), byte for byte. */
  readonly text: string;
  /** `pinsim compare ... --json`, byte for byte. */
  readonly json: string;
  readonly spec: TopLevelSpec;
  readonly failures: readonly FailedRun[];
}

function replayContext(input: ScenarioInput, scenario: Scenario): ReplayContext {
  return { scenarioArg: input.arg, description: scenario.description, without: [] };
}

/** As `pinsim compare ARG --kernels K --runs R --seed S` does it, on this thread. */
export function runCompare(
  req: CompareRequest,
  onProgress: (done: number, total: number) => void = () => {},
): CompareOutcome {
  const scenario = loadInput(req.input);
  const configs = req.kernels.map(resolveKernel);
  checkCosts(scenario);
  const single = req.runs === 1 && configs.length === 1;
  admit([scenario], req.runs * configs.length + (single ? 1 : 0), DEFAULT_LIMITS);
  const total = req.runs * configs.length;
  let done = 0;
  const folds = configs.map((config) =>
    foldRange(
      scenario,
      config,
      req.seed,
      0,
      req.runs,
      DEFAULT_LIMITS,
      () => onProgress(++done, total),
      "pins",
    ),
  );
  const c = comparisonOf(scenario.name, req.runs, req.seed, folds);
  const one = single
    ? runScenario(scenario, configs[0]!, req.seed, { limits: DEFAULT_LIMITS, invariants: "pins" })
    : undefined;
  const ctx = replayContext(req.input, scenario);
  return {
    comparison: c,
    text: comparisonOutput(c, configs, ctx, "text", one),
    json: comparisonOutput(c, configs, ctx, "json", one),
    spec: comparisonSpec(c),
    failures: failedRuns(c, ctx),
  };
}

/** The first run of each kernel that violated a property: what the page lets you open. */
export function failedRuns(c: Comparison, ctx: ReplayContext): FailedRun[] {
  return c.results.flatMap((r) => {
    const p = r.properties.find((q) => q.violations > 0 && q.first_seed !== null);
    if (p === undefined) return [];
    const seed = p.first_seed!;
    return [
      {
        kernel: r.kernel,
        seed,
        what: `${p.property.kind}: ${p.violations} of ${r.runs} runs`,
        runLine: runCommandLine(ctx, r.kernel, seed, 1),
        explainLine: explainCommandLine(ctx, r.kernel, seed),
      },
    ];
  });
}

export interface FailureRequest {
  readonly input: ScenarioInput;
  readonly kernel: string;
  readonly seed: number;
}

export interface FailureOutcome {
  /** `pinsim explain ARG --kernel K --seed S`, byte for byte. */
  readonly explain: string;
  readonly timeline: Timeline;
}

export function runFailure(req: FailureRequest): FailureOutcome {
  const scenario = loadInput(req.input);
  const config = resolveKernel(req.kernel);
  checkCosts(scenario);
  admit([scenario], 3, DEFAULT_LIMITS);
  const e = explain(scenario, config, {
    seed: req.seed,
    base: DEFAULT_SEED,
    search: 200,
    limits: DEFAULT_LIMITS,
    invariants: "pins",
  });
  const traced = traceScenario(scenario, config, req.seed, () => true, DEFAULT_LIMITS);
  return { explain: formatExplanation(e), timeline: timelineOf(traced.events) };
}

export interface CheckRequestWeb {
  readonly input: ScenarioInput;
  readonly kernel: string;
  readonly cpus?: number;
  readonly folios?: number;
  readonly maxExecutions: number;
}

export interface CheckOutcome {
  /** `pinsim check` text (its timings are this page's). */
  readonly text: string;
  readonly counterexamples: readonly Counterexample[];
  readonly complete: boolean;
}

/** `pinsim check ARG --kernel K [--cpus N] [--folios N]` with the default strategy (dpor). */
export function runSmallCheck(
  req: CheckRequestWeb,
  now: () => number,
  onExecution: (n: number) => void = () => {},
): CheckOutcome {
  const scenario = loadInput(req.input);
  const target = checkTarget(req.input.arg, scenario, resolveKernel(req.kernel), {
    cpus: req.cpus,
    folios: req.folios,
  });
  const t0 = now();
  let first_s: number | null = null;
  const result = runCheck({
    target,
    strategy: "dpor",
    maxPreemptions: Number.POSITIVE_INFINITY,
    maxExecutions: req.maxExecutions,
    seed: 1,
    pctDepth: 3,
    timers: "idle" satisfies TimerPolicy,
    onFirstViolation: () => {
      first_s = (now() - t0) / 1000;
    },
    onExecution,
  });
  const timing = { wall_s: (now() - t0) / 1000, firstViolation_s: first_s as number | null };
  return {
    text: formatCheck(result, timing),
    counterexamples: result.counterexamples,
    complete: result.stats.complete,
  };
}
