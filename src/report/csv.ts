// `--format csv` of run, compare and sweeps: one header row, then one row per kernel (per swept
// value and kernel for a sweep), numbers unformatted (rates as fractions, latencies in ns), as a
// spreadsheet or pandas wants them. RFC 4180 quoting.

import type { Comparison, KernelSummary } from "../lab/compare/summary.ts";
import type { SweepResult } from "../lab/compare/sweep.ts";

const FIELDS: readonly [string, (r: KernelSummary) => number | string][] = [
  ["kernel", (r) => r.kernel],
  ["runs", (r) => r.runs],
  ["pins_attempted", (r) => r.pins_attempted],
  ["pins_failed", (r) => r.pins_failed],
  ["failure_rate", (r) => r.failure_rate],
  ["failure_rate_ci95_low", (r) => r.ci95.low],
  ["failure_rate_ci95_high", (r) => r.ci95.high],
  ["runs_with_failure", (r) => r.runs_with_failure],
  ["outer_retries", (r) => r.outer_retries],
  ["drains_local", (r) => r.drains_local],
  ["drains_global", (r) => r.drains_global],
  ["drains_unhelpful", (r) => r.drains_unhelpful],
  ["drain_work_items", (r) => r.drain_work_items],
  ["migrate_attempts", (r) => r.migrate_attempts],
  ["migrate_eagain", (r) => r.migrate_eagain],
  ["waits", (r) => r.waits],
  ["wakeups", (r) => r.wakeups],
  ["static_key_toggles", (r) => r.static_key_toggles],
  ["pin_latency_p50_ns", (r) => r.pin_latency_ns.p50],
  ["pin_latency_p99_ns", (r) => r.pin_latency_ns.p99],
  ["pin_latency_max_ns", (r) => r.pin_latency_ns.max],
];

export function csvField(v: number | string): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvLine(cells: readonly (number | string)[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}

export function comparisonCsv(c: Comparison): string {
  return [
    csvLine(FIELDS.map((f) => f[0])),
    ...c.results.map((r) => csvLine(FIELDS.map((f) => f[1](r)))),
  ].join("");
}

/** The swept value comes first, named after the parameter (with _ns for durations). */
export function sweepCsv(s: SweepResult): string {
  const param = s.vary.isDuration ? `${s.vary.param}_ns` : s.vary.param;
  const rows = s.points.flatMap((row, i) =>
    row.map((r) => csvLine([s.vary.values[i]!, ...FIELDS.map((f) => f[1](r))])),
  );
  return [csvLine([param, ...FIELDS.map((f) => f[0])]), ...rows].join("");
}
