// What a comparison reports per kernel: the fold's sums plus the statistics a reviewer reads
// (failure rate with its 95% Wilson interval, latency percentiles). Field names are stable: they
// are the `--json` output.

import type { PropertySpec } from "../../scenarios/scenario.ts";
import { type Fold, SUMMED_COUNTERS, type SummedCounter } from "./aggregate.ts";
import { percentileInterval, type Range, sampleOf } from "./significance.ts";
import { wilsonInterval } from "./stats.ts";

export interface KernelSummary {
  readonly kernel: string;
  readonly runs: number;
  readonly pins_attempted: number;
  readonly pins_failed: number;
  readonly outer_retries: number;
  readonly drains_local: number;
  readonly drains_global: number;
  readonly drains_unhelpful: number;
  readonly drain_work_items: number;
  readonly migrate_attempts: number;
  readonly migrate_eagain: number;
  readonly waits: number;
  readonly wakeups: number;
  readonly static_key_toggles: number;
  readonly pin_latency_ns: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Distribution-free 95% intervals of the percentiles (significance.ts). */
  readonly pin_latency_ci95_ns: { readonly p50: Range; readonly p99: Range };
  /** Standard deviation over runs of each counter's per-run count (for Welch's t-test). */
  readonly per_run_sd: Readonly<Record<SummedCounter, number>>;
  /** Per pin: pins_failed / pins_attempted. */
  readonly failure_rate: number;
  readonly ci95: { readonly low: number; readonly high: number };
  readonly runs_with_failure: number;
  readonly runs_with_failure_ci95: { readonly low: number; readonly high: number };
  readonly pins_migrated: number;
  readonly pins_drained_global: number;
  readonly drains_piggybacked: number;
  readonly wait_timeouts: number;
  readonly livelocks: number;
  readonly runs_stopped: number;
  readonly invariant_failures: number;
  readonly first_invariant_failure_seed: number | null;
  readonly first_failure_seed: number | null;
  readonly properties: readonly {
    readonly property: PropertySpec;
    readonly violations: number;
    readonly first_seed: number | null;
  }[];
  // After the documented fields: /proc/vmstat's events over all runs, in pages (kernel/vmstat.ts), to hold against a real machine.
  readonly pgmigrate_success: number;
  readonly pgmigrate_fail: number;
  readonly thp_migration_success: number;
  readonly thp_migration_fail: number;
  readonly thp_migration_split: number;
  readonly unevictable_pgs_culled: number;
  readonly unevictable_pgs_rescued: number;
  readonly unevictable_pgs_mlocked: number;
  readonly unevictable_pgs_munlocked: number;
  readonly unevictable_pgs_cleared: number;
  readonly unevictable_pgs_stranded: number;
}

export interface Comparison {
  readonly scenario: string;
  readonly runs: number;
  readonly seed: number;
  readonly results: readonly KernelSummary[];
}

/** The comparison of folds made with the same runs and seed, one per kernel, in kernel order. */
export function comparisonOf(
  scenario: string,
  runs: number,
  seed: number,
  folds: readonly Fold[],
): Comparison {
  return { scenario, runs, seed, results: folds.map(summarize) };
}

export function summarize(f: Fold): KernelSummary {
  const rate = wilsonInterval(f.pins_failed, f.pins_attempted);
  const runRate = wilsonInterval(f.runs_with_failure, f.runs);
  const c = f.counters;
  return {
    kernel: f.kernel,
    runs: f.runs,
    pins_attempted: f.pins_attempted,
    pins_failed: f.pins_failed,
    outer_retries: c.outer_retries,
    drains_local: c.drains_local,
    drains_global: c.drains_global,
    drains_unhelpful: c.drains_unhelpful,
    drain_work_items: c.drain_work_items,
    migrate_attempts: c.migrate_attempts,
    migrate_eagain: c.migrate_eagain,
    waits: c.waits,
    wakeups: c.wakeups,
    static_key_toggles: c.static_key_toggles,
    pin_latency_ns: {
      p50: f.pin_latency.percentile(50),
      p99: f.pin_latency.percentile(99),
      max: f.pin_latency.max_ns,
    },
    pin_latency_ci95_ns: {
      p50: percentileInterval(f.pin_latency, 50),
      p99: percentileInterval(f.pin_latency, 99),
    },
    per_run_sd: Object.fromEntries(
      SUMMED_COUNTERS.map((k) => [k, sampleOf(f.runs, c[k], f.counters_sq[k]).sd]),
    ) as Record<SummedCounter, number>,
    failure_rate: f.pins_attempted === 0 ? 0 : rate.p,
    ci95: { low: rate.low, high: rate.high },
    runs_with_failure: f.runs_with_failure,
    runs_with_failure_ci95: { low: runRate.low, high: runRate.high },
    pins_migrated: f.pins_migrated,
    pins_drained_global: f.pins_drained_global,
    drains_piggybacked: c.drains_piggybacked,
    wait_timeouts: c.wait_timeouts,
    livelocks: f.livelocks,
    runs_stopped: f.runs_stopped,
    invariant_failures: f.invariant_failures,
    first_invariant_failure_seed: f.first_invariant_failure_seed,
    first_failure_seed: f.first_failure_seed,
    properties: f.properties.map((p) => ({
      property: p.property,
      violations: p.violations,
      first_seed: p.first_seed,
    })),
    pgmigrate_success: c.pgmigrate_success,
    pgmigrate_fail: c.pgmigrate_fail,
    thp_migration_success: c.thp_migration_success,
    thp_migration_fail: c.thp_migration_fail,
    thp_migration_split: c.thp_migration_split,
    unevictable_pgs_culled: c.unevictable_pgs_culled,
    unevictable_pgs_rescued: c.unevictable_pgs_rescued,
    unevictable_pgs_mlocked: c.unevictable_pgs_mlocked,
    unevictable_pgs_munlocked: c.unevictable_pgs_munlocked,
    unevictable_pgs_cleared: c.unevictable_pgs_cleared,
    unevictable_pgs_stranded: c.unevictable_pgs_stranded,
  };
}
