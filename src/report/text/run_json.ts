// `--json` output of `pinsim run` and `pinsim compare`. The documented fields come first and keep
// their names: { scenario, runs, seed, results: [ { kernel, runs, pins_attempted, pins_failed,
// outer_retries, drains_local, drains_global, drains_unhelpful, drain_work_items,
// migrate_attempts, migrate_eagain, waits, wakeups, static_key_toggles, pin_latency_ns: { p50,
// p99, max }, ...more } ] }. A single run also carries its full RunResult under "run_result".

import type { Comparison } from "../../lab/compare/summary.ts";
import type { RunResult } from "../../lab/run/run_result.ts";

export function comparisonJson(c: Comparison, runResult?: RunResult): string {
  const doc = runResult === undefined ? c : { ...c, run_result: runResult };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
