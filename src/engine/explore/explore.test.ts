import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ToyOp, type ToyProgram, toyResults, toySubject } from "../../../test/support/toy.ts";
import { type ExploreOptions, explore } from "./explore.ts";
import type { StrategyName } from "./stats.ts";

function run(prog: ToyProgram, strategy: StrategyName, extra: Partial<ExploreOptions> = {}) {
  const results = toyResults();
  const stats = explore(toySubject(prog, results), {
    strategy,
    timers: "idle",
    maxPreemptions: Number.POSITIVE_INFINITY,
    budget: { maxExecutions: 200_000 },
    seed: 7,
    pctDepth: 2,
    maxEvents: 500,
    ...extra,
  });
  return { results, stats };
}

const lostUpdate: ToyProgram = {
  cpus: 2,
  cells: 1,
  tasks: [
    { cpu: 0, ops: [{ kind: "inc", cell: 0 }] },
    { cpu: 1, ops: [{ kind: "inc", cell: 0 }] },
  ],
  bad: (cells) => cells[0] !== 2,
};

describe("exploration strategies", () => {
  it("DPOR reaches the same final states as plain DFS, and DFS with sleep sets, on random programs", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("read" as const), cell: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant("write" as const), cell: fc.integer({ min: 0, max: 2 }) }),
    ) as fc.Arbitrary<ToyOp>;
    const task = fc.record({
      cpu: fc.integer({ min: 0, max: 1 }),
      ops: fc.array(op, { minLength: 1, maxLength: 2 }),
    });
    const prog = fc.record({
      cpus: fc.constant(2),
      cells: fc.constant(3),
      tasks: fc.array(task, { minLength: 2, maxLength: 3 }),
    });
    fc.assert(
      fc.property(prog, (p) => {
        const plain = run(p, "dfs", { sleepSets: false });
        const sleep = run(p, "dfs", { sleepSets: true });
        const dpor = run(p, "dpor");
        expect(plain.stats.complete && sleep.stats.complete && dpor.stats.complete).toBe(true);
        expect([...sleep.results.finals].sort()).toEqual([...plain.results.finals].sort());
        expect([...dpor.results.finals].sort()).toEqual([...plain.results.finals].sort());
        expect(dpor.stats.executions).toBeLessThanOrEqual(sleep.stats.executions);
        expect(sleep.stats.executions).toBeLessThanOrEqual(plain.stats.executions);
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it("DPOR agrees with plain DFS on random two-task programs with non-atomic increments, waits and sleeps", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constantFrom(
          "read" as const,
          "write" as const,
          "inc" as const,
          "await" as const,
          "signal" as const,
        ),
        cell: fc.integer({ min: 0, max: 1 }),
      }),
      fc.record({ kind: fc.constant("sleep" as const), ns: fc.integer({ min: 1, max: 3 }) }),
    ) as fc.Arbitrary<ToyOp>;
    const task = fc.record({
      cpu: fc.integer({ min: 0, max: 1 }),
      ops: fc.array(op, { minLength: 1, maxLength: 3 }),
    });
    const prog = fc.record({
      cpus: fc.constant(2),
      cells: fc.constant(2),
      tasks: fc.array(task, { minLength: 2, maxLength: 2 }),
    });
    fc.assert(
      fc.property(prog, fc.constantFrom("idle" as const, "sleeps-any-time" as const), (p, timers) => {
        const plain = run(p, "dfs", { sleepSets: false, timers });
        const dpor = run(p, "dpor", { timers });
        expect([...dpor.results.finals].sort()).toEqual([...plain.results.finals].sort());
      }),
      { numRuns: 80, seed: 17 },
    );
  });

  it("keeps blocking and wake-ups: DPOR and DFS agree on programs with await/signal", () => {
    const prog: ToyProgram = {
      cpus: 2,
      cells: 3,
      tasks: [
        {
          cpu: 0,
          ops: [
            { kind: "write", cell: 1 },
            { kind: "signal", cell: 0 },
            { kind: "read", cell: 2 },
          ],
        },
        {
          cpu: 1,
          ops: [
            { kind: "await", cell: 0 },
            { kind: "read", cell: 1 },
            { kind: "write", cell: 2 },
          ],
        },
        {
          cpu: 1,
          ops: [
            { kind: "write", cell: 1 },
            { kind: "inc", cell: 2 },
          ],
        },
      ],
    };
    const plain = run(prog, "dfs", { sleepSets: false });
    const dpor = run(prog, "dpor");
    expect([...dpor.results.finals].sort()).toEqual([...plain.results.finals].sort());
    expect(dpor.stats.executions).toBeLessThan(plain.stats.executions);
  });

  it("DPOR explores one execution of independent tasks where DFS explores every interleaving", () => {
    const prog: ToyProgram = {
      cpus: 3,
      cells: 3,
      tasks: [0, 1, 2].map(
        (i) =>
          ({
            cpu: i,
            ops: [
              { kind: "write", cell: i },
              { kind: "read", cell: i },
            ],
          }) as const,
      ),
    };
    const plain = run(prog, "dfs", { sleepSets: false });
    const dpor = run(prog, "dpor");
    expect(dpor.stats.executions).toBe(1);
    expect(plain.stats.executions).toBeGreaterThan(100);
    expect(dpor.results.finals).toEqual(plain.results.finals);
  });

  it("explores every choose() value", () => {
    const prog: ToyProgram = {
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
    for (const s of ["dfs", "dpor"] as const) expect(run(prog, s).results.finals.size).toBe(6);
  });

  for (const strategy of ["dfs", "dpor", "pct", "random"] as const) {
    it(`${strategy} finds a lost update`, () => {
      const { results } = run(lostUpdate, strategy, { budget: { maxExecutions: 200 } });
      expect(results.bugs).toBeGreaterThan(0);
    });
  }

  it("a preemption bound of 0 misses the lost update, 1 finds it, and both are complete", () => {
    const zero = run(lostUpdate, "dfs", { maxPreemptions: 0 });
    const one = run(lostUpdate, "dfs", { maxPreemptions: 1 });
    expect(zero.results.bugs).toBe(0);
    expect(zero.stats.complete).toBe(true);
    expect(one.results.bugs).toBeGreaterThan(0);
  });

  it("stops at the execution budget and says the exploration is incomplete", () => {
    const { stats } = run(lostUpdate, "dfs", { sleepSets: false, budget: { maxExecutions: 2 } });
    expect(stats.executions).toBe(2);
    expect(stats.complete).toBe(false);
    expect(stats.stoppedBy).toBe("max-executions");
  });

  it("fires timers only when nothing else can run under the idle policy", () => {
    const prog: ToyProgram = {
      cpus: 2,
      cells: 1,
      tasks: [
        {
          cpu: 0,
          ops: [
            { kind: "sleep", ns: 10 },
            { kind: "write", cell: 0 },
          ],
        },
        { cpu: 1, ops: [{ kind: "read", cell: 0 }] },
      ],
    };
    const idle = run(prog, "dfs", { sleepSets: false });
    const anyTime = run(prog, "dfs", { sleepSets: false, timers: "sleeps-any-time" });
    expect(idle.results.finals.size).toBe(1);
    expect(anyTime.results.finals.size).toBe(2);
  });
});
