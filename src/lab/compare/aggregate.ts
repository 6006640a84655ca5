// Many runs of one kernel folded into one record. Merging the folds of consecutive seed ranges
// gives exactly the fold of the whole range, so worker threads can each fold a contiguous range
// (sent back as plain JSON, FoldWire) and the results merge into the single-threaded answer.

import { VM_EVENT_ITEMS } from "../../kernel/vmstat.ts";
import type { PropertySpec } from "../../scenarios/scenario.ts";
import { pinFailed, type RunResult } from "../run/run_result.ts";
import { LatencyHistogram, type LatencyHistogramJSON } from "./stats.ts";

/** Kernel counters summed over runs (names as in kernel/counters.ts). */
export const SUMMED_COUNTERS = [
  "outer_retries",
  "drains_local",
  "drains_global",
  "drains_unhelpful",
  "drains_piggybacked",
  "drain_work_items",
  "migrate_attempts",
  "migrate_eagain",
  "migrate_succeeded",
  "migrate_failed",
  "waits",
  "wait_timeouts",
  "wakeups",
  "static_key_toggles",
  "faults",
  ...VM_EVENT_ITEMS,
] as const;
export type SummedCounter = (typeof SUMMED_COUNTERS)[number];

export interface PropertyTally {
  readonly property: PropertySpec;
  /** Runs that violated it. */
  violations: number;
  /** Seed of the first run (in seed order) that violated it, for the replay line. */
  first_seed: number | null;
}

export interface Fold {
  kernel: string;
  runs: number;
  pins_attempted: number;
  pins_failed: number;
  runs_with_failure: number;
  /** Pins that had to migrate (went round the outer GUP loop at least once). */
  pins_migrated: number;
  /** Pins during which at least one lru_add_drain_all() ran. */
  pins_drained_global: number;
  livelocks: number;
  /** Runs that hit the scenario's stop time with actors still running. */
  runs_stopped: number;
  invariant_failures: number;
  first_invariant_failure_seed: number | null;
  /** Seed of the first run with a failed pin (for `explain`). */
  first_failure_seed: number | null;
  counters: Record<SummedCounter, number>;
  /** Per counter, the sum over runs of the run's count squared (for per-run variances). */
  counters_sq: Record<SummedCounter, number>;
  properties: PropertyTally[];
  pin_latency: LatencyHistogram;
}

/** A Fold as plain JSON, for worker messages. */
export type FoldWire = Omit<Fold, "pin_latency"> & { pin_latency: LatencyHistogramJSON };

export function emptyFold(kernel: string, properties: readonly PropertySpec[]): Fold {
  const zeros = () => Object.fromEntries(SUMMED_COUNTERS.map((c) => [c, 0])) as Record<SummedCounter, number>;
  return {
    kernel,
    runs: 0,
    pins_attempted: 0,
    pins_failed: 0,
    runs_with_failure: 0,
    pins_migrated: 0,
    pins_drained_global: 0,
    livelocks: 0,
    runs_stopped: 0,
    invariant_failures: 0,
    first_invariant_failure_seed: null,
    first_failure_seed: null,
    counters: zeros(),
    counters_sq: zeros(),
    properties: properties.map((property) => ({ property, violations: 0, first_seed: null })),
    pin_latency: new LatencyHistogram(),
  };
}

/** Adds one run; runs must be added in seed order for the first_* fields to mean "first". */
export function addRun(fold: Fold, r: RunResult): void {
  const failed = r.pins.filter(pinFailed).length;
  fold.runs++;
  fold.pins_attempted += r.pins.length;
  fold.pins_failed += failed;
  if (failed > 0 || r.outcome === "livelock") {
    fold.runs_with_failure++;
    fold.first_failure_seed ??= r.seed;
  }
  fold.pins_migrated += r.pins.filter((p) => p.outer_retries > 0).length;
  fold.pins_drained_global += r.pins.filter((p) => p.drains_global > 0).length;
  if (r.outcome === "livelock") fold.livelocks++;
  if (r.outcome === "stopped") fold.runs_stopped++;
  if (r.invariants.some((v) => !v.ok)) {
    fold.invariant_failures++;
    fold.first_invariant_failure_seed ??= r.seed;
  }
  for (const c of SUMMED_COUNTERS) {
    fold.counters[c] += r.counters[c];
    fold.counters_sq[c] += r.counters[c] * r.counters[c];
  }
  r.properties.forEach((v, i) => {
    if (v.ok) return;
    fold.properties[i]!.violations++;
    fold.properties[i]!.first_seed ??= r.seed;
  });
  for (const p of r.pins) fold.pin_latency.record(p.latency_ns); // the run's own histogram, exactly
}

/** Adds `b`, the fold of the seeds right after `a`'s, into `a`. */
export function mergeInto(a: Fold, b: Fold): void {
  a.runs += b.runs;
  a.pins_attempted += b.pins_attempted;
  a.pins_failed += b.pins_failed;
  a.runs_with_failure += b.runs_with_failure;
  a.pins_migrated += b.pins_migrated;
  a.pins_drained_global += b.pins_drained_global;
  a.livelocks += b.livelocks;
  a.runs_stopped += b.runs_stopped;
  a.invariant_failures += b.invariant_failures;
  a.first_invariant_failure_seed ??= b.first_invariant_failure_seed;
  a.first_failure_seed ??= b.first_failure_seed;
  for (const c of SUMMED_COUNTERS) {
    a.counters[c] += b.counters[c];
    a.counters_sq[c] += b.counters_sq[c];
  }
  a.properties.forEach((p, i) => {
    p.violations += b.properties[i]!.violations;
    p.first_seed ??= b.properties[i]!.first_seed;
  });
  a.pin_latency.merge(b.pin_latency);
}

export function foldToWire(f: Fold): FoldWire {
  return { ...f, pin_latency: f.pin_latency.toJSON() };
}

export function foldFromWire(w: FoldWire): Fold {
  return { ...w, pin_latency: LatencyHistogram.fromJSON(w.pin_latency) };
}
