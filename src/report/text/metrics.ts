// The rows of compare's mmtests-style table (text and markdown): each metric's label, how to
// read it from a kernel's summary, how to print it, and the test that decides whether a kernel
// differs from the baseline (lab/compare/significance.ts says why each test).

import type { SummedCounter } from "../../lab/compare/aggregate.ts";
import {
  intervalsOverlap,
  meansDiffer,
  proportionsDiffer,
  type Sample,
} from "../../lab/compare/significance.ts";
import type { KernelSummary } from "../../lab/compare/summary.ts";
import { formatChange, formatDuration_ns, formatPercent, formatRateCi } from "../format.ts";

export interface Metric {
  readonly label: string;
  /** The metric's name in JSON (versus_baseline); absent on rows that are not a figure of their own. */
  readonly key?: string;
  /** Undefined where the kernel has no such figure (no pin completed). */
  readonly value: (r: KernelSummary) => number | undefined;
  readonly text: (v: number) => string;
  /** Whether r differs from base beyond chance; absent: no test (the cell is never marked). */
  readonly differs?: (base: KernelSummary, r: KernelSummary) => boolean;
  /** A row without a change column (the failure rate's interval). */
  readonly plain?: (r: KernelSummary) => string;
}

const count = (v: number) => String(v);

function counter(label: string, key: SummedCounter & keyof KernelSummary): Metric {
  const sample = (r: KernelSummary): Sample => ({
    n: r.runs,
    mean: r.runs === 0 ? 0 : (r[key] as number) / r.runs,
    sd: r.per_run_sd[key],
  });
  return {
    label,
    key,
    value: (r) => r[key] as number,
    text: count,
    differs: (base, r) => meansDiffer(sample(base), sample(r)),
  };
}

function latency(label: string, key: "p50" | "p99" | "max"): Metric {
  return {
    label,
    key: `pin_latency_${key}_ns`,
    value: (r) => (r.pins_attempted === 0 ? undefined : r.pin_latency_ns[key]),
    text: formatDuration_ns,
    ...(key === "max"
      ? {}
      : {
          differs: (base: KernelSummary, r: KernelSummary) =>
            base.pins_attempted > 0 &&
            r.pins_attempted > 0 &&
            !intervalsOverlap(base.pin_latency_ci95_ns[key], r.pin_latency_ci95_ns[key]),
        }),
  };
}

const pinFailures = (base: KernelSummary, r: KernelSummary) =>
  proportionsDiffer(base.pins_failed, base.pins_attempted, r.pins_failed, r.pins_attempted);

export const METRICS: readonly Metric[] = [
  { label: "pins", key: "pins_attempted", value: (r) => r.pins_attempted, text: count },
  {
    label: "pins failed",
    key: "pins_failed",
    value: (r) => r.pins_failed,
    text: count,
    differs: pinFailures,
  },
  {
    label: "failure rate",
    key: "failure_rate",
    value: (r) => (r.pins_attempted === 0 ? undefined : r.failure_rate),
    text: formatPercent,
    differs: pinFailures,
  },
  {
    label: "  95% CI",
    value: () => undefined,
    text: count,
    plain: (r) => (r.pins_attempted === 0 ? "-" : rateInterval(r)),
  },
  {
    label: "runs with a failure",
    key: "runs_with_failure",
    value: (r) => r.runs_with_failure,
    text: count,
    differs: (base, r) => proportionsDiffer(base.runs_with_failure, base.runs, r.runs_with_failure, r.runs),
  },
  counter("outer retries", "outer_retries"),
  counter("drains local", "drains_local"),
  counter("drains global", "drains_global"),
  counter("  unhelpful", "drains_unhelpful"),
  counter("drain work items", "drain_work_items"),
  counter("migrate attempts", "migrate_attempts"),
  counter("migrate -EAGAIN", "migrate_eagain"),
  counter("waits", "waits"),
  counter("wake-ups", "wakeups"),
  counter("static-key toggles", "static_key_toggles"),
  counter("pgmigrate_success", "pgmigrate_success"),
  counter("pgmigrate_fail", "pgmigrate_fail"),
  counter("thp_migration_success", "thp_migration_success"),
  counter("thp_migration_fail", "thp_migration_fail"),
  counter("thp_migration_split", "thp_migration_split"),
  // The /proc/vmstat names, shortened under a heading row so the table keeps to 100 columns.
  { label: "unevictable_pgs_*", value: () => undefined, text: count, plain: () => "" },
  counter("  culled", "unevictable_pgs_culled"),
  counter("  rescued", "unevictable_pgs_rescued"),
  counter("  mlocked", "unevictable_pgs_mlocked"),
  counter("  munlocked", "unevictable_pgs_munlocked"),
  counter("  cleared", "unevictable_pgs_cleared"),
  counter("  stranded", "unevictable_pgs_stranded"),
  latency("pin latency p50", "p50"),
  latency("pin latency p99", "p99"),
  latency("pin latency max", "max"),
];

/** "(2.07–2.53%)": the interval part of formatRateCi. */
function rateInterval(r: KernelSummary): string {
  const full = formatRateCi(r.failure_rate, r.ci95.low, r.ci95.high);
  return full.slice(full.indexOf("("));
}

/** One cell of the table: the value, its change against the baseline, and the test's verdict. */
export interface Cell {
  readonly value: string;
  /** "+12.50%", or "n/a" where either side has no value; absent on plain rows. */
  readonly change?: string;
  readonly significant: boolean;
}

export function cell(m: Metric, base: KernelSummary, r: KernelSummary): Cell {
  if (m.plain) return { value: m.plain(r), significant: false };
  const v = m.value(r);
  const b = m.value(base);
  if (v === undefined) return { value: "-", change: "n/a", significant: false };
  const change = b === undefined ? "n/a" : formatChange(b, v);
  return { value: m.text(v), change, significant: r !== base && m.differs?.(base, r) === true };
}

/** The sentence under the table that says what the marks mean. */
export function legend(baseline: string): string {
  return (
    `( x%): change against ${baseline}, the first kernel; * x%*: the difference is significant at 95% ` +
    "(failures: Newcombe's score interval for the difference of two proportions excludes 0; " +
    "counters: Welch's t-test on the per-run counts; p50/p99: the distribution-free 95% intervals " +
    "of the percentile do not overlap; pins and max: not tested)."
  );
}

/** Per metric, the change against the baseline in percent (null if undefined) and the verdict. */
export function versusBaseline(
  base: KernelSummary,
  r: KernelSummary,
): Record<string, { change_pct: number | null; significant: boolean }> {
  const out: Record<string, { change_pct: number | null; significant: boolean }> = {};
  for (const m of METRICS) {
    if (m.key === undefined) continue;
    const [b, v] = [m.value(base), m.value(r)];
    const change_pct = b === undefined || v === undefined || b === 0 ? null : ((v - b) / Math.abs(b)) * 100;
    out[m.key] = { change_pct, significant: m.differs?.(base, r) === true };
  }
  return out;
}
