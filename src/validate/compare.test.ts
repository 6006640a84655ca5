import { describe, expect, it } from "vitest";
import { compareRuns, errnoName } from "./compare.ts";
import type { RealPin } from "./console.ts";
import type { ModelPin } from "./model.ts";

function real(run: number, ret: number, over: Partial<RealPin> = {}): RealPin {
  return {
    run,
    task: "vcpu",
    seq: 0,
    cpu: 0,
    region: "guest",
    first: 0,
    pages: 4,
    ret,
    mig_ok: ret === 0 ? 4 : 0,
    mig_fail: ret === 0 ? 0 : 4,
    movable_before: 4,
    movable_after: ret === 0 ? 0 : 4,
    other_after: ret === 0 ? 4 : 0,
    absent_after: 0,
    latency_ns: 1,
    probes: { drain_collect: 0, drain_all_collect: 0 },
    ...over,
  };
}

function model(run: number, errno: number): ModelPin {
  const ok = errno === 0;
  return {
    run,
    task: "vcpu",
    seq: 0,
    errno,
    drains_local: 0,
    drains_global: 0,
    migrated: ok ? 4 : 0,
    migrate_failed: ok ? 0 : 4,
    pinned_outside_movable: ok ? 4 : 0,
  };
}

const runsOf = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe("compareRuns", () => {
  it("agrees exactly when both sides give the same value in every run", () => {
    const rows = compareRuns(
      runsOf(3, (i) => i).map((i) => real(i, 0)),
      runsOf(3, (i) => i).map((i) => model(i, 0)),
      3,
    );
    expect(rows.map((r) => [r.measure, r.test, r.agree])).toEqual([
      ["result", "exact", true],
      ["lru_add_drain() by collect", "exact", true],
      ["lru_add_drain_all() by collect", "exact", true],
      ["pages migrated", "exact", true],
      ["pages failing migration", "exact", true],
      ["pinned pages outside Movable", "exact", true],
    ]);
  });

  it("differs exactly when a deterministic result differs: the seed bug against a model that fixed it", () => {
    const rows = compareRuns([real(0, -12), real(1, -12)], [model(0, 0), model(1, 0)], 2);
    const result = rows.find((r) => r.measure === "result")!;
    expect(result).toMatchObject({
      real: ["-ENOMEM", "-ENOMEM"],
      model: ["ok", "ok"],
      test: "exact",
      agree: false,
    });
    expect(rows.find((r) => r.measure === "pages migrated")!.agree).toBe(false);
  });

  it("tests rates when a side varies: 1 failure in 10 against none agrees, 10 against none does not", () => {
    const some = compareRuns(
      runsOf(10, (i) => i).map((i) => real(i, i === 0 ? -12 : 0)),
      runsOf(10, (i) => i).map((i) => model(i, 0)),
      10,
    );
    const row = some.find((r) => r.measure === "result")!;
    expect(row.test).toBe("fisher");
    expect(row.agree).toBe(true);
    const all = compareRuns(
      runsOf(10, (i) => i).map((i) => real(i, i < 9 ? -12 : 0)),
      runsOf(10, (i) => i).map((i) => model(i, 0)),
      10,
    );
    expect(all.find((r) => r.measure === "result")!).toMatchObject({ test: "fisher", agree: false });
  });

  it("counts a pin one side made and the other did not as a difference", () => {
    const rows = compareRuns([], [model(0, 0)], 1);
    expect(rows.find((r) => r.measure === "result")).toMatchObject({
      real: [null],
      model: ["ok"],
      agree: false,
    });
  });

  it("names errnos as the kernel does", () => {
    expect([0, -12, -14, -95, -99].map(errnoName)).toEqual([
      "ok",
      "-ENOMEM",
      "-EFAULT",
      "-EOPNOTSUPP",
      "-99",
    ]);
  });
});

describe("compareRuns on a kernel that cannot show a measure", () => {
  it("marks it unmeasured instead of comparing a zero", () => {
    const rows = compareRuns([real(0, -12, { mig_fail: -1, probes: {} })], [model(0, -12)], 1);
    const byName = Object.fromEntries(rows.map((r) => [r.measure, r]));
    expect(byName["pages failing migration"]).toMatchObject({
      real: ["n/a"],
      test: "unmeasured",
      agree: true,
    });
    expect(byName["lru_add_drain() by collect"]).toMatchObject({ test: "unmeasured" });
    expect(byName.result).toMatchObject({ test: "exact", agree: true });
  });
});
