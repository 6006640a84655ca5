// runs-1000: 1000 runs of the built-in pkvm-mlock-onfault scenario with its defaults (kernel
// v6.15, seeds 1..1000), as `pinsim run pkvm-mlock-onfault --runs 1000` does them: spread over
// worker threads when Node can load TypeScript in workers. Target: <= 10 s wall on 2 cores.
// Three records: the default (model invariants checked at every pin result and at each run's
// end), without any invariant check (what the checks cost), and with --check-invariants (after
// every step).

import { compareKernels } from "../src/lab/compare/compare.ts";
import { workerCount } from "../src/lab/compare/workers.ts";
import type { InvariantChecks } from "../src/lab/run/run.ts";
import { loadScenario } from "../src/scenarios/index.ts";
import { resolveKernel } from "../src/versions/resolve.ts";

export interface Runs1000Result {
  name: "runs-1000" | "runs-1000-no-invariants" | "runs-1000-invariants-per-step";
  invariants: InvariantChecks;
  kernel: string;
  wall_s: number;
  /** CPU of every thread (the workers too), over the same span as wall_s. */
  cpu_s: number;
  runs_per_s: number;
  /** Not meaningful here (bench/run.ts's record shape). */
  steps_per_s: null;
  bytes_per_folio: null;
  workers: number;
  pins_failed: number;
}

const NAMES = {
  pins: "runs-1000",
  off: "runs-1000-no-invariants",
  steps: "runs-1000-invariants-per-step",
} as const;

export async function benchRuns1000(runs = 1000): Promise<Runs1000Result[]> {
  const out: Runs1000Result[] = [];
  for (const invariants of ["pins", "off", "steps"] as const) out.push(await runsWith(runs, invariants));
  return out;
}

async function runsWith(runs: number, invariants: InvariantChecks): Promise<Runs1000Result> {
  const scenario = loadScenario("pkvm-mlock-onfault");
  const workers = workerCount(runs);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const opts = { runs, seed: 1, workers, invariants };
  const c = await compareKernels(scenario, [resolveKernel(scenario.kernel)], opts);
  const wall_s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const r = c.results[0]!;
  return {
    name: NAMES[invariants],
    invariants,
    kernel: r.kernel,
    wall_s,
    cpu_s: (cpu.user + cpu.system) / 1e6,
    runs_per_s: runs / wall_s,
    steps_per_s: null,
    bytes_per_folio: null,
    workers,
    pins_failed: r.pins_failed,
  };
}

if (import.meta.main) console.log(JSON.stringify(await benchRuns1000()));
