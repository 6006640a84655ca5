// Hand-made KernelSummary values for report tests: a real summary of an empty fold with the
// fields a test cares about overridden.

import { emptyFold } from "../../src/lab/compare/aggregate.ts";
import { type KernelSummary, summarize } from "../../src/lab/compare/summary.ts";

export function summaryOf(kernel: string, over: Partial<KernelSummary> = {}): KernelSummary {
  return { ...summarize(emptyFold(kernel, [])), ...over };
}

/** A kernel with `pins` pins over `runs` runs, `failed` of them failed, and latencies in ns. */
export function kernelWith(
  kernel: string,
  o: { runs?: number; pins?: number; failed?: number; p50?: number; p99?: number; max?: number } = {},
): KernelSummary {
  const pins = o.pins ?? 100;
  const failed = o.failed ?? 0;
  const rate = pins === 0 ? 0 : failed / pins;
  return summaryOf(kernel, {
    runs: o.runs ?? 10,
    pins_attempted: pins,
    pins_failed: failed,
    failure_rate: rate,
    ci95: { low: Math.max(0, rate - 0.01), high: Math.min(1, rate + 0.02) },
    pin_latency_ns: { p50: o.p50 ?? 3000, p99: o.p99 ?? 20_000, max: o.max ?? 25_000 },
  });
}
