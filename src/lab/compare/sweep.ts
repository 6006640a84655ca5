// A sweep: the same comparison at each value of one scenario parameter (`run --vary`).

import type { KernelConfig } from "../../kernel/config.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { Limits } from "../run/budget.ts";
import type { InvariantChecks } from "../run/run.ts";
import { compareKernels } from "./compare.ts";
import { foldCells, type Spread } from "./jobs.ts";
import { type KernelSummary, summarize } from "./summary.ts";
import { applyVary, type Vary } from "./sweep_param.ts";

export interface SweepResult {
  readonly scenario: string;
  readonly vary: Vary;
  readonly kernels: readonly string[];
  readonly runs: number;
  readonly seed: number;
  /** points[i][j]: value i, kernel j. */
  readonly points: readonly (readonly KernelSummary[])[];
}

export async function sweep(
  scenario: Scenario,
  configs: readonly KernelConfig[],
  vary: Vary,
  opts: {
    runs: number;
    seed: number;
    limits?: Limits;
    onProgress?: (done: number, total: number) => void;
    invariants?: InvariantChecks;
    /** A queue: every value's jobs go in at once. */
    spread?: Spread;
  },
): Promise<SweepResult> {
  const kernels = configs.map((c) => c.name);
  const result = (points: KernelSummary[][]): SweepResult => ({
    scenario: scenario.name,
    vary,
    kernels,
    runs: opts.runs,
    seed: opts.seed,
    points,
  });
  if (opts.spread !== undefined) return result(await sweepSpread(scenario, configs, vary, opts, opts.spread));
  const points: KernelSummary[][] = [];
  const total = vary.values.length * configs.length * opts.runs;
  for (let i = 0; i < vary.values.length; i++) {
    const s = applyVary(scenario, vary.param, vary.values[i]!);
    const base = i * configs.length * opts.runs;
    const cmp = await compareKernels(s, configs, {
      runs: opts.runs,
      seed: opts.seed,
      limits: opts.limits,
      onProgress: (done) => opts.onProgress?.(base + done, total),
      invariants: opts.invariants,
    });
    points.push([...cmp.results]);
  }
  return result(points);
}

async function sweepSpread(
  scenario: Scenario,
  configs: readonly KernelConfig[],
  vary: Vary,
  opts: Parameters<typeof sweep>[3],
  spread: Spread,
): Promise<KernelSummary[][]> {
  const cells = vary.values.flatMap((v) => {
    const s = applyVary(scenario, vary.param, v);
    return configs.map((config) => ({ scenario: s, config }));
  });
  const folds = await foldCells(cells, opts, spread.chunk(opts.runs * cells.length), spread.execute);
  const summaries = folds.map(summarize);
  return vary.values.map((_, i) => summaries.slice(i * configs.length, (i + 1) * configs.length));
}
