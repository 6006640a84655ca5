// One contiguous seed range of an experiment on one kernel, folded in seed order: the unit of work
// of compare.ts, its worker threads, and the browser playground's Web Worker. Apart from
// compare.ts so that code running where node:worker_threads does not exist (a page) can import it.

import type { KernelConfig } from "../../kernel/config.ts";
import { FolioTable } from "../../kernel/folio_table.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import type { Limits } from "../run/budget.ts";
import { type InvariantChecks, runScenario } from "../run/run.ts";
import { seedOfRun } from "../run/seeds.ts";
import { addRun, emptyFold, type Fold } from "./aggregate.ts";

/** Runs [first, first + count) of an experiment on one kernel, folded in seed order. */
export function foldRange(
  scenario: Scenario,
  config: KernelConfig,
  base: number,
  first: number,
  count: number,
  limits?: Limits,
  onRun?: () => void,
  invariants?: InvariantChecks,
): Fold {
  const fold = emptyFold(config.name, scenario.properties);
  foldRangeInto(fold, scenario, config, { base, first, count, limits, invariants }, onRun);
  return fold;
}

/** foldRange, adding into a fold that already holds the runs just before `first`. */
export function foldRangeInto(
  fold: Fold,
  scenario: Scenario,
  config: KernelConfig,
  r: { base: number; first: number; count: number; limits?: Limits; invariants?: InvariantChecks },
  onRun?: () => void,
): void {
  // One folio table for every run of the range: each run resets it (runScenario).
  const opts = { limits: r.limits, invariants: r.invariants, folios: new FolioTable() };
  for (let i = r.first; i < r.first + r.count; i++) {
    addRun(fold, runScenario(scenario, config, seedOfRun(r.base, i), opts));
    onRun?.();
  }
}
