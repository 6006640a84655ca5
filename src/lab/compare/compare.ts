// Many runs per kernel, aggregated: the numbers `pinsim run` and `pinsim compare` print. Run i
// uses seed seedOfRun(seed, i) on every kernel (seeds.ts). Large experiments spread contiguous
// seed ranges over worker threads; folds merge in seed order, so the answer is the same as on
// one thread. A queue (--queue) is one more place to fold jobs: the caller passes it as `spread`.

import type { KernelConfig } from "../../kernel/config.ts";
import { rulesAreBuiltin } from "../../kernel/decisions.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { Limits } from "../run/budget.ts";
import type { InvariantChecks } from "../run/run.ts";
import type { Fold } from "./aggregate.ts";
import { foldRange } from "./fold_range.ts";
import { foldCells, type Spread } from "./jobs.ts";
import { type Comparison, comparisonOf } from "./summary.ts";
import { threadSpread, workerCount } from "./workers.ts";

export interface CompareOptions {
  readonly runs: number;
  readonly seed: number;
  /** Worker threads; default: decided by workerCount() from the amount of work. 1 = in-process. */
  readonly workers?: number;
  /** Called as runs complete (any kernel), with the total number of runs. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Per-run limits (default DEFAULT_LIMITS). */
  readonly limits?: Limits;
  /** When each run checks the model invariants (run.ts; default "pins"). */
  readonly invariants?: InvariantChecks;
  /** Where to fold jobs instead of threads chosen from `workers` (a queue). */
  readonly spread?: Spread;
}

export async function compareKernels(
  scenario: Scenario,
  configs: readonly KernelConfig[],
  opts: CompareOptions,
): Promise<Comparison> {
  // A patch module's rules live only in this thread: such kernels run in-process.
  const workers = configs.every(rulesAreBuiltin)
    ? (opts.workers ?? workerCount(opts.runs * configs.length))
    : 1;
  const spread = opts.spread ?? (workers > 1 ? threadSpread(workers) : undefined);
  const cells = configs.map((config) => ({ scenario, config }));
  const folds =
    spread === undefined
      ? foldInProcess(scenario, configs, opts)
      : await foldCells(cells, opts, spread.chunk(opts.runs * configs.length), spread.execute);
  return comparisonOf(scenario.name, opts.runs, opts.seed, folds);
}

function foldInProcess(scenario: Scenario, configs: readonly KernelConfig[], opts: CompareOptions): Fold[] {
  const total = opts.runs * configs.length;
  let done = 0;
  return configs.map((config) =>
    foldRange(
      scenario,
      config,
      opts.seed,
      0,
      opts.runs,
      opts.limits,
      () => opts.onProgress?.(++done, total),
      opts.invariants,
    ),
  );
}
