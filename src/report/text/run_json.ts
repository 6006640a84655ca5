// `--format json` of `pinsim run` and `pinsim compare`. The documented fields come first and keep
// their names: { pinsim_version, schema_version, scenario, runs, seed, results: [ { kernel, runs,
// pins_attempted, pins_failed, outer_retries, drains_local, drains_global, drains_unhelpful,
// drain_work_items, migrate_attempts, migrate_eagain, waits, wakeups, static_key_toggles,
// the /proc/vmstat events in pages (pgmigrate_success, ..., unevictable_pgs_stranded),
// pin_latency_ns: { p50, p99, max }, ..., config: the resolved KernelConfig (rules: the
// decision rules patches installed, by name), versus_baseline
// (all but the first kernel): { <metric>: { change_pct, significant } } } ] }. A single run also
// carries its full RunResult under "run_result". A sweep: the SweepResult plus kernel_configs.

import type { KernelConfig } from "../../kernel/config.ts";
import type { Comparison } from "../../lab/compare/summary.ts";
import type { SweepResult } from "../../lab/compare/sweep.ts";
import type { RunResult } from "../../lab/run/run_result.ts";
import { jsonDocument } from "../json.ts";
import { versusBaseline } from "./metrics.ts";

export function comparisonJson(
  c: Comparison,
  configs: readonly KernelConfig[],
  runResult?: RunResult,
): string {
  const base = c.results[0]!;
  const results = c.results.map((r, i) => ({
    ...r,
    config: configJson(configs[i]!),
    ...(i > 0 ? { versus_baseline: versusBaseline(base, r) } : {}),
  }));
  return jsonDocument({ ...c, results, ...(runResult === undefined ? {} : { run_result: runResult }) });
}

export function sweepJson(s: SweepResult, configs: readonly KernelConfig[]): string {
  return jsonDocument({ ...s, kernel_configs: configs.map(configJson) });
}

/** A config with its decision rules (kernel/decisions.ts) by name: a function has no JSON. */
function configJson(c: KernelConfig): unknown {
  if (c.rules === undefined) return c;
  return { ...c, rules: Object.fromEntries(Object.entries(c.rules).map(([k, r]) => [k, r.name])) };
}
