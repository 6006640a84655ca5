// check-scaling: how the model checker's work grows with the small configuration. DPOR, stateless
// and with the sound visited-state cache (--state-cache reads: stateful DPOR), on the
// pkvm-mlock-onfault scenario for 1-4 folios x 2-4 CPUs on v6.15 and v6.17, under
// --timers sleeps-any-time (with the default idle timers the scenario is nearly sequential). Each
// configuration stops at a wall-clock cap (PINSIM_CHECK_SCALING_CAP_S, default 60 s); once a folio
// count hits the cap, larger ones on the same kernel and CPUs are recorded as skipped.

import { cpuUsage } from "node:process";
import { runCheck } from "../src/check/check.ts";
import type { FingerprintMode } from "../src/check/fingerprint.ts";
import { resolveCheckTarget } from "../src/cli/check_target.ts";

export interface CheckScalingRecord {
  name: "check-scaling";
  kernel: string;
  cpus: number;
  folios: number;
  strategy: string;
  state_cache: FingerprintMode | null;
  /** Executions (pruned included) explored, up to the cap. */
  executions: number;
  wall_s: number;
  cpu_s: number;
  /** Executions per CPU second (the machine is shared: wall time swings, CPU time less). */
  executions_per_cpu_s: number;
  steps_per_s: number;
  bytes_per_folio: null;
  /** The exploration ended by exhausting the space (a proof, or every violation found). */
  complete: boolean;
  stopped_by: string;
  first_violation_s: number | null;
  verdict: string;
  /** Not run: a smaller folio count already hit the cap. */
  skipped: boolean;
}

const SCENARIO = "pkvm-mlock-onfault";
export const SCALING_KERNELS = ["v6.15", "v6.17"];
export const SCALING_CPUS = [2, 3, 4];
export const SCALING_FOLIOS = [1, 2, 3, 4];

function capSeconds(): number {
  const env = process.env.PINSIM_CHECK_SCALING_CAP_S;
  return env === undefined ? 60 : Number(env);
}

export function scalingConfig(
  kernel: string,
  cpus: number,
  folios: number,
  cap_s: number,
  stateCache?: FingerprintMode,
): CheckScalingRecord {
  const t0 = performance.now();
  const c0 = cpuUsage();
  let first_s: number | null = null;
  const r = runCheck({
    target: resolveCheckTarget(SCENARIO, kernel, { cpus, folios }),
    strategy: "dpor",
    stateCache,
    maxPreemptions: Number.POSITIVE_INFINITY,
    maxExecutions: 100_000_000,
    seed: 1,
    pctDepth: 3,
    timers: "sleeps-any-time",
    shrink: false,
    timeUp: () => performance.now() - t0 >= cap_s * 1000,
    onFirstViolation: () => (first_s ??= (performance.now() - t0) / 1000),
  });
  const wall_s = (performance.now() - t0) / 1000;
  const c = cpuUsage(c0);
  const s = r.stats;
  const verdicts = r.properties.filter((p) => p.verdict !== "Never").map((p) => `${p.id}: ${p.verdict}`);
  return {
    name: "check-scaling",
    kernel,
    cpus,
    folios,
    strategy: r.strategy,
    state_cache: stateCache ?? null,
    executions: s.executions + s.pruned,
    wall_s,
    cpu_s: (c.user + c.system) / 1e6,
    executions_per_cpu_s: (s.executions + s.pruned) / Math.max(1e-6, (c.user + c.system) / 1e6),
    steps_per_s: s.events / wall_s,
    bytes_per_folio: null,
    complete: s.complete && s.stoppedBy === "exhausted",
    stopped_by: s.stoppedBy,
    first_violation_s: first_s,
    verdict: verdicts.length === 0 ? "all Never" : verdicts.join("; "),
    skipped: false,
  };
}

function skipped(
  kernel: string,
  cpus: number,
  folios: number,
  cache: FingerprintMode | undefined,
): CheckScalingRecord {
  return {
    name: "check-scaling",
    kernel,
    cpus,
    folios,
    strategy: "dpor",
    state_cache: cache ?? null,
    executions: 0,
    wall_s: 0,
    cpu_s: 0,
    executions_per_cpu_s: 0,
    steps_per_s: 0,
    bytes_per_folio: null,
    complete: false,
    stopped_by: "skipped",
    first_violation_s: null,
    verdict: "",
    skipped: true,
  };
}

/** DPOR stateless, then with the sound visited-state cache (its subtree summaries). */
const SEARCHES: readonly (FingerprintMode | undefined)[] = [undefined, "reads"];

export function benchCheckScaling(cap_s = capSeconds()): CheckScalingRecord[] {
  scalingConfig("v6.17", 2, 1, cap_s); // warm-up: JIT tiers
  const out: CheckScalingRecord[] = [];
  for (const cache of SEARCHES)
    for (const kernel of SCALING_KERNELS)
      for (const cpus of SCALING_CPUS) scalingSeries(out, kernel, cpus, cap_s, cache);
  return out;
}

/** 1, 2, 3... folios until one hits the cap; the rest are recorded as skipped. */
function scalingSeries(
  out: CheckScalingRecord[],
  kernel: string,
  cpus: number,
  cap_s: number,
  cache: FingerprintMode | undefined,
): void {
  let capped = false;
  for (const folios of SCALING_FOLIOS) {
    const rec: CheckScalingRecord = capped
      ? skipped(kernel, cpus, folios, cache)
      : scalingConfig(kernel, cpus, folios, cap_s, cache);
    capped ||= !rec.complete;
    out.push(rec);
    if (process.env.PINSIM_BENCH_VERBOSE) console.error(JSON.stringify(rec));
  }
}

if (import.meta.main) console.log(JSON.stringify(benchCheckScaling(), null, 2));
