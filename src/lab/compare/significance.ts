// Is a kernel's figure different from the baseline kernel's by more than chance? The tests behind
// the marks of compare's mmtests-style table, each at the 95% level:
//  - proportions (pins failed per pin, runs with a failure per run): Newcombe's hybrid score
//    interval for the difference of two proportions (built from the two Wilson intervals) excludes
//    0. Unlike the z-test it stays honest at 0 failures, where pinsim's rates often sit.
//  - per-run counters (drains, retries, ...): Welch's t-test on the per-run counts.
//  - latency percentiles (p50, p99): the two distribution-free intervals (order statistics around
//    the percentile's rank) do not overlap. Overlap is a conservative test: a mark is reliable, a
//    missing mark is not proof of no difference.

import { type LatencyHistogram, wilsonInterval } from "./stats.ts";

const Z95 = 1.959964;

export interface Range {
  readonly low: number;
  readonly high: number;
}

/** 95% interval for p2 - p1 (Newcombe 1998, method 10). */
export function proportionDifference(x1: number, n1: number, x2: number, n2: number): Range {
  const a = wilsonInterval(x1, n1);
  const b = wilsonInterval(x2, n2);
  const d = b.p - a.p;
  const below = Math.sqrt((b.p - b.low) ** 2 + (a.high - a.p) ** 2);
  const above = Math.sqrt((b.high - b.p) ** 2 + (a.p - a.low) ** 2);
  return { low: d - below, high: d + above };
}

export function proportionsDiffer(x1: number, n1: number, x2: number, n2: number): boolean {
  if (n1 === 0 || n2 === 0) return false;
  const r = proportionDifference(x1, n1, x2, n2);
  return r.low > 0 || r.high < 0;
}

/** Per-run figures of one counter on one kernel. */
export interface Sample {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator). */
  readonly sd: number;
}

/** Mean and sample standard deviation from a sum and a sum of squares over n runs. */
export function sampleOf(n: number, sum: number, sumSq: number): Sample {
  const mean = n === 0 ? 0 : sum / n;
  // n·Σx² − (Σx)² is exact for integer counts (below 2^53), so a constant counter gives sd 0.
  const variance = n < 2 ? 0 : Math.max(0, (n * sumSq - sum * sum) / (n * (n - 1)));
  return { n, mean, sd: Math.sqrt(variance) };
}

/** Welch's two-sided t-test at 95%. Two constant samples differ exactly when their values do. */
export function meansDiffer(a: Sample, b: Sample): boolean {
  if (a.n < 2 || b.n < 2) return false;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  if (va + vb === 0) return a.mean !== b.mean;
  const t = Math.abs(b.mean - a.mean) / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return t > tCritical95(df);
}

/** Two-sided 95% critical value of Student's t with df degrees of freedom (df may be fractional). */
export function tCritical95(df: number): number {
  if (df < 1) return 12.706;
  if (df < 2) return 12.706 + (4.303 - 12.706) * (df - 1);
  if (df < 3) return 4.303 + (3.182 - 4.303) * (df - 2);
  // Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5); within
  // 0.004 of the exact value from df = 3 on (3.179 for 3.182), closer as df grows.
  const z = Z95;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * Distribution-free 95% interval for the p-th percentile: the values at the ranks
 * n·q ∓ z·sqrt(n·q·(1−q)) (normal approximation to the binomial count below the percentile).
 */
export function percentileInterval(h: LatencyHistogram, p: number): Range {
  const n = h.count;
  if (n === 0) return { low: 0, high: 0 };
  const q = p / 100;
  const half = Z95 * Math.sqrt(n * q * (1 - q));
  return { low: h.atRank(Math.floor(n * q - half)), high: h.atRank(Math.ceil(n * q + half) + 1) };
}

export function intervalsOverlap(a: Range, b: Range): boolean {
  return a.low <= b.high && b.low <= a.high;
}
