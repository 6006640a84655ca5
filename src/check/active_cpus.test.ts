// CPUs count in the checker: a pinning task on CPU 0 and LRU traffic (activate) from one task on
// each further CPU. Each CPU that joins with its traffic adds executions and final states; the
// same three tasks folded onto fewer CPUs (--cpus) keep their interleavings (tasks sharing a CPU
// still interleave at every preemption point) but queue into fewer per-CPU batches, so fewer
// distinct final states: why lru-traffic-race's execution counts do not grow with --cpus.

import { describe, expect, it } from "vitest";
import { finalStates } from "../../test/support/final_states.ts";
import { scenario } from "../../test/support/workloads.ts";
import type { TaskSpec } from "../scenarios/program.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import { resolveKernel } from "../versions/resolve.ts";
import { checkTarget } from "./target.ts";

const all = { kind: "all" } as const;
const APP: TaskSpec = {
  name: "app",
  cpu: 0,
  program: [
    { op: "touch", region: "r", pages: all, write: true, order: "sequential" },
    { op: "io_uring_register", region: "r", pages: all, ring: "ring" },
  ],
};
const traffic = (cpu: number): TaskSpec => ({
  name: `traffic${cpu}`,
  cpu,
  program: [{ op: "lru", region: "r", pages: all, lru_op: "activate" }],
});

function threeCpuScenario(tasks: TaskSpec[]): Scenario {
  return scenario([], {
    machine: {
      cpus: 3,
      dma32_mib: 16,
      normal_mib: 16,
      movable_mib: 16,
      cma_mib: 0,
      movable_alloc_order: ["movable", "normal"],
    },
    regions: [{ name: "r", kind: "anon", size_bytes: 4096, mlock: "none", shared: false }],
    tasks,
    properties: [{ kind: "every-pin-succeeds" }],
    check: { folios: 1, cpus: 3, batch_size: 3 },
    kernel: "v6.1",
  });
}

function explore(s: Scenario, cpus?: number) {
  const target = checkTarget("cpus", s, resolveKernel("v6.1"), cpus === undefined ? {} : { cpus });
  const r = finalStates(target, "dpor", "idle", 100_000);
  expect(r.complete).toBe(true);
  return { target, executions: r.executions, states: r.seen.size };
}

describe("CPUs in the checker", () => {
  it("each CPU that joins with LRU traffic adds executions and final states (all three active)", () => {
    const runs = [1, 2, 3].map((active) =>
      explore(threeCpuScenario([APP, ...[1, 2].slice(0, active - 1).map(traffic)])),
    );
    // With three tasks, every CPU of the 3-CPU machine runs one.
    const cpus = runs[2]!.target.small.scenario.tasks.map((t) => t.cpu);
    expect(new Set(cpus)).toEqual(new Set([0, 1, 2]));
    expect(runs.map((r) => r.executions)).toEqual([2, 22, 288]);
    expect(runs.map((r) => r.states)).toEqual([2, 6, 14]);
  });

  it("folding the same tasks onto fewer CPUs keeps the interleavings but merges per-CPU batches", () => {
    const s = threeCpuScenario([APP, traffic(1), traffic(2)]);
    const byCpus = [1, 2, 3].map((cpus) => explore(s, cpus));
    expect(byCpus.map((r) => r.executions)).toEqual([288, 288, 288]);
    expect(byCpus[0]!.states).toBeLessThan(byCpus[2]!.states);
  });
});
