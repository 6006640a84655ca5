import { describe, expect, it } from "vitest";
import { type ToyProgram, toyResults, toySubject } from "../../../test/support/toy.ts";
import { estimateDfs } from "./estimate.ts";
import { Executor } from "./executor.ts";
import { explore } from "./explore.ts";

const prog: ToyProgram = {
  cpus: 2,
  cells: 2,
  tasks: [
    {
      cpu: 0,
      ops: [
        { kind: "write", cell: 0 },
        { kind: "read", cell: 1 },
      ],
    },
    {
      cpu: 1,
      ops: [
        { kind: "write", cell: 1 },
        { kind: "inc", cell: 0 },
      ],
    },
  ],
};

function exhaustive(sleepSets: boolean): number {
  const s = explore(toySubject(prog, toyResults()), {
    strategy: "dfs",
    sleepSets,
    timers: "idle",
    maxPreemptions: Number.POSITIVE_INFINITY,
    budget: { maxExecutions: 1e6 },
    seed: 1,
    pctDepth: 2,
    maxEvents: 100,
  });
  return s.executions + s.pruned;
}

function estimate(p: ToyProgram, sleepSets: boolean, probes: number) {
  const ex = new Executor(toySubject(p, toyResults()), { timers: "idle", footprints: true, maxEvents: 100 });
  return estimateDfs(ex, { probes, seed: 9, maxPreemptions: Number.POSITIVE_INFINITY, sleepSets });
}

describe("Knuth's estimator", () => {
  it("is exact on a uniform tree", () => {
    const uniform: ToyProgram = {
      cpus: 1,
      cells: 1,
      tasks: [
        {
          cpu: 0,
          ops: [
            { kind: "choose", n: 3 },
            { kind: "choose", n: 2 },
          ],
        },
      ],
    };
    const e = estimate(uniform, false, 20);
    expect(e.executions).toBe(6);
    expect(e.stderr).toBe(0);
  });

  it("lands near the true size of a DFS, with and without sleep sets", () => {
    for (const sleepSets of [false, true]) {
      const truth = exhaustive(sleepSets);
      const e = estimate(prog, sleepSets, 3000);
      expect(Math.abs(e.executions - truth) / truth).toBeLessThan(0.1);
      expect(e.eventsPerExecution).toBeGreaterThan(4);
    }
  });
});
