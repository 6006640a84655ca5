// Test helpers: small scenarios built in code (no YAML), and a machine with a workload on it.

import { TimedStrategy } from "../../src/engine/timed.ts";
import { Machine } from "../../src/lab/run/machine.ts";
import type {
  ActorSpec,
  PkvmVcpuActor,
  RegionSpec,
  Scenario,
  VmmActor,
} from "../../src/scenarios/scenario.ts";
import { resolveKernel } from "../../src/versions/resolve.ts";
import { setUpWorkload } from "../../src/workloads/spawn.ts";
import type { World } from "../../src/workloads/world.ts";
import { zoneLayout } from "../../src/workloads/zones.ts";

/** A VMM touching the test region from CPU 1, one page every microsecond. */
export function vmmActor(over: Partial<VmmActor> = {}): VmmActor {
  return {
    kind: "vmm",
    name: "vmm",
    cpu: 1,
    region: "r",
    pattern: "sequential",
    touches: 16,
    start_ns: 0,
    interval_ns: 1_000,
    readahead_pages: 0,
    ...over,
  };
}

export function region(over: Partial<RegionSpec> = {}): RegionSpec {
  return { name: "r", kind: "memfd", size_bytes: 64 * 4096, mlock: "none", shared: true, ...over };
}

/** A 4-CPU machine whose movable allocations land in ZONE_MOVABLE, so every longterm pin migrates. */
export function scenario(actors: readonly ActorSpec[], over: Partial<Scenario> = {}): Scenario {
  return {
    name: "test",
    description: "a test scenario",
    source: "test",
    machine: {
      cpus: 4,
      dma32_mib: 16,
      normal_mib: 64,
      movable_mib: 64,
      cma_mib: 0,
      movable_alloc_order: ["movable", "cma", "normal", "dma32"],
    },
    regions: [region()],
    actors,
    tasks: [],
    check: { folios: 1, cpus: null, batch_size: null },
    stop_ns: 50_000_000,
    kernel: "v6.17",
    properties: [],
    costs: {},
    ...over,
  };
}

/** Boots `kernel`, sets up the workload and returns both, not yet run. */
export function machineWith(s: Scenario, kernel: string, seed = 1): { m: Machine; w: World } {
  const strategy = new TimedStrategy(seed);
  strategy.until_ns = s.stop_ns;
  const m = new Machine({
    cpus: s.machine.cpus,
    kernel: resolveKernel(kernel),
    seed,
    zones: zoneLayout(s.machine),
    strategy,
    checkInvariants: true,
  });
  const w = setUpWorkload(m.kernel, (comm, cpu, mm, body) => m.spawn(comm, cpu, mm, body), s, seed);
  return { m, w };
}

/** A pKVM vCPU on CPU 3 pinning region "r" one page at a time from 100 us, every 5 us. */
export function vcpuActor(over: Partial<PkvmVcpuActor> = {}): PkvmVcpuActor {
  return {
    kind: "pkvm-vcpu",
    name: "vcpu",
    cpu: 3,
    region: "r",
    pins: 8,
    order: "sequential",
    start_ns: 100_000,
    interval_ns: 5_000,
    retry_on_eagain: false,
    ...over,
  };
}
