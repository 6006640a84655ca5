// check benchmarks: the model checker on the reduced pkvm-mlock-onfault and gpu-transient-refs
// models. For each configuration: DPOR to completion (executions, rate, time to the first
// violation, verdict), DFS with sleep sets to completion, and plain DFS (no sleep sets, no
// partial-order reduction) up to a cap, for the executions DPOR saves.

import { type CheckRequest, runCheck } from "../src/check/check.ts";
import { resolveCheckTarget } from "../src/cli/check_target.ts";
import type { TimerPolicy } from "../src/engine/explore/executor.ts";

export interface CheckBenchRecord {
  name: string;
  kernel: string;
  cpus: number;
  folios: number;
  executions: number;
  executions_per_s: number;
  /** Executions per CPU second of the DPOR run (the machines are shared: wall time swings more). */
  executions_per_cpu_s: number;
  steps_per_s: number;
  wall_s: number;
  /** CPU time of the DPOR run, over the same span as wall_s. */
  cpu_s: number;
  bytes_per_folio: null;
  /** Seconds until DPOR found the first violation (null: none). */
  first_violation_s: number | null;
  verdict: string;
  complete: boolean;
  dpor_executions: number;
  dfs_sleep_executions: number;
  /** Plain DFS executions; a lower bound when dfs_complete is false (the cap was reached). */
  dfs_executions: number;
  dfs_complete: boolean;
  dfs_wall_s: number;
  dfs_executions_per_s: number;
  /** dfs_executions / dpor_executions. */
  reduction: number;
}

interface Config {
  readonly model: string;
  readonly kernel: string;
  readonly folios: number;
  readonly cpus: number;
}

export const CHECK_CONFIGS: readonly Config[] = [
  { model: "pkvm-mlock-onfault", kernel: "v6.15", folios: 1, cpus: 2 },
  { model: "pkvm-mlock-onfault", kernel: "v6.15", folios: 2, cpus: 2 },
  { model: "pkvm-mlock-onfault", kernel: "v6.17", folios: 2, cpus: 2 },
  { model: "pkvm-mlock-onfault", kernel: "v6.15+hugh-refcount-check", folios: 2, cpus: 2 },
  { model: "pkvm-mlock-onfault", kernel: "v6.15+hugh-mlocked-not-unevictable", folios: 2, cpus: 2 },
  { model: "pkvm-mlock-onfault", kernel: "v6.15", folios: 2, cpus: 3 },
  { model: "gpu-transient-refs", kernel: "v6.18", folios: 2, cpus: 2 },
  { model: "gpu-transient-refs", kernel: "v6.18+hubbard-wait", folios: 2, cpus: 2 },
];

/** Plain DFS stops here: without reduction it explodes (that is the point). */
export const DFS_CAP = 100_000;

function request(c: Config, strategy: "dfs" | "dpor", maxExecutions: number): CheckRequest {
  return {
    target: resolveCheckTarget(c.model, c.kernel, { folios: c.folios, cpus: c.cpus }),
    strategy,
    maxPreemptions: Number.POSITIVE_INFINITY,
    maxExecutions,
    seed: 1,
    pctDepth: 3,
    timers: "idle",
    shrink: false,
  };
}

function timed<T>(f: (mark: () => void) => T): {
  value: T;
  wall_s: number;
  cpu_s: number;
  mark_s: number | null;
} {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let mark_s: number | null = null;
  const value = f(() => {
    if (mark_s === null) mark_s = (performance.now() - t0) / 1000;
  });
  const c = process.cpuUsage(c0);
  return { value, wall_s: (performance.now() - t0) / 1000, cpu_s: (c.user + c.system) / 1e6, mark_s };
}

export function benchCheckConfig(c: Config, dfsCap = DFS_CAP): CheckBenchRecord {
  const dpor = timed((mark) => runCheck({ ...request(c, "dpor", 10_000_000), onFirstViolation: mark }));
  const sleep = runCheck(request(c, "dfs", 10_000_000));
  const plain = timed(() => runCheck({ ...request(c, "dfs", dfsCap), sleepSets: false }));
  const s = dpor.value.stats;
  const dfsRuns = plain.value.stats.executions + plain.value.stats.pruned;
  const verdicts = dpor.value.properties
    .filter((p) => p.verdict !== "Never")
    .map((p) => `${p.id}: ${p.verdict}`);
  return {
    name: `check-${c.model}`,
    kernel: c.kernel,
    cpus: c.cpus,
    folios: c.folios,
    executions: s.executions + s.pruned,
    executions_per_s: (s.executions + s.pruned) / dpor.wall_s,
    executions_per_cpu_s: (s.executions + s.pruned) / Math.max(1e-6, dpor.cpu_s),
    steps_per_s: s.events / dpor.wall_s,
    wall_s: dpor.wall_s,
    cpu_s: dpor.cpu_s,
    bytes_per_folio: null,
    first_violation_s: dpor.mark_s,
    verdict: verdicts.length === 0 ? "all Never" : verdicts.join("; "),
    complete: s.complete && s.stoppedBy === "exhausted",
    dpor_executions: s.executions + s.pruned,
    dfs_sleep_executions: sleep.stats.executions + sleep.stats.pruned,
    dfs_executions: dfsRuns,
    dfs_complete: plain.value.stats.stoppedBy === "exhausted",
    dfs_wall_s: plain.wall_s,
    dfs_executions_per_s: dfsRuns / plain.wall_s,
    reduction: dfsRuns / Math.max(1, s.executions + s.pruned),
  };
}

/**
 * Stateless DPOR on pkvm-mlock-onfault, v6.17, 2 CPUs, 2 folios, with sleeps ending at any time
 * (2,673 executions; under `idle` timers v6.17 is proved in 2, too few to time).
 */
const STEADY: Config = { model: "pkvm-mlock-onfault", kernel: "v6.17", folios: 2, cpus: 2 };
const STEADY_RUNS = 30;
const STEADY_WARM_RUNS = 15;

export interface CheckSteadyRecord {
  name: "check-steady";
  kernel: string;
  timers: TimerPolicy;
  executions: number;
  /** Median and best over the runs after the first STEADY_WARM_RUNS (the JIT needs them). */
  executions_per_cpu_s: number;
  executions_per_cpu_s_best: number;
  /** The first run in the process: what a one-off `pinsim check` of this size sees. */
  executions_per_cpu_s_cold: number;
  cpu_s: number;
  wall_s: number;
  steps_per_s: null;
  bytes_per_folio: null;
  runs: number;
}

/** One check repeated in one process: the rate once warm, beside the first (cold) run's. */
export function benchCheckSteady(): CheckSteadyRecord[] {
  return (["sleeps-any-time"] as const).map((timers) => {
    const rates: number[] = [];
    let executions = 0;
    let cpu_s = 0;
    let wall_s = 0;
    for (let i = 0; i < STEADY_RUNS; i++) {
      const r = timed(() => runCheck({ ...request(STEADY, "dpor", 10_000_000), timers }));
      executions = r.value.stats.executions + r.value.stats.pruned;
      rates.push(executions / Math.max(1e-6, r.cpu_s));
      cpu_s += r.cpu_s;
      wall_s += r.wall_s;
    }
    const warm = rates.slice(STEADY_WARM_RUNS).sort((a, b) => a - b);
    return {
      name: "check-steady",
      kernel: STEADY.kernel,
      timers,
      executions,
      executions_per_cpu_s: warm[Math.floor(warm.length / 2)]!,
      executions_per_cpu_s_best: warm[warm.length - 1]!,
      executions_per_cpu_s_cold: rates[0]!,
      cpu_s,
      wall_s,
      steps_per_s: null,
      bytes_per_folio: null,
      runs: STEADY_RUNS,
    };
  });
}

export function benchCheck(): CheckBenchRecord[] {
  benchCheckConfig(CHECK_CONFIGS[0]!, 2_000); // warm-up: JIT tiers
  return CHECK_CONFIGS.map((c) => benchCheckConfig(c));
}

if (import.meta.main) console.log(JSON.stringify(benchCheck(), null, 2));
