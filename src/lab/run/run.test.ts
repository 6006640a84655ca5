import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { region, scenario, vmmActor } from "../../../test/support/workloads.ts";
import { FolioTable } from "../../kernel/folio_table.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import type { Tracer } from "../../kernel/trace.ts";
import { loadScenario } from "../../scenarios/index.ts";
import type { IoUringActor } from "../../scenarios/scenario.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { type InvariantChecks, ModelInvariantError, RunSetupError, runScenario } from "./run.ts";

const pkvm = loadScenario("pkvm-mlock-onfault");

describe("runScenario", () => {
  it("is a pure function of (scenario, kernel, seed): same seed, byte-identical JSON", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const a = JSON.stringify(runScenario(pkvm, resolveKernel("v6.15"), seed));
        const b = JSON.stringify(runScenario(pkvm, resolveKernel("v6.15"), seed));
        expect(a).toBe(b);
      }),
      { numRuns: 15 },
    );
  });

  it("a run on a folio table an earlier run used is the run on a new table (compare reuses one)", () => {
    const folios = new FolioTable();
    const thp = loadScenario("thp-pin"); // large folios: counts past the ledger's 8 bits
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 0xffffffff }), (large, seed) => {
        const s = large ? thp : pkvm;
        const reused = JSON.stringify(runScenario(s, resolveKernel("v6.15"), seed, { folios }));
        expect(reused).toBe(JSON.stringify(runScenario(s, resolveKernel("v6.15"), seed)));
      }),
      { numRuns: 12 },
    );
  });

  it("different seeds give different runs (the seed reaches jitter and page order)", () => {
    const a = runScenario(pkvm, resolveKernel("v6.15"), 1);
    const b = runScenario(pkvm, resolveKernel("v6.15"), 2);
    expect(a.pins.map((p) => p.page)).not.toEqual(b.pins.map((p) => p.page));
  });

  it("reports the resolved kernel config, counters, pin records, latency and verdicts", () => {
    const r = runScenario(pkvm, resolveKernel("v6.15+hugh-refcount-check"), 1);
    expect(r.kernel).toBe("v6.15+hugh-refcount-check");
    expect(r.config.collect_drain_test).toBe("refcount");
    expect(r.outcome).toBe("completed");
    expect(r.pins).toHaveLength(16);
    expect(r.counters.pins_attempted).toBe(16);
    expect(r.pin_latency.count).toBe(16);
    expect(r.properties).toEqual([
      { property: { kind: "every-pin-succeeds" }, ok: true, observed: 0, first_pin: null },
    ]);
    expect(r.invariants).toEqual([{ name: "nr-isolated-zero", ok: true, checked: true, observed: 0 }]);
  });

  it("a failed pin violates every-pin-succeeds and points at the pin", () => {
    const r = runScenario(pkvm, resolveKernel("v6.15"), 4);
    const v = r.properties[0]!;
    expect(v.ok).toBe(false);
    expect(r.pins[v.first_pin!]!.errno).toBe(-12);
  });

  it("checks the ledger and batch invariants after every step when asked", () => {
    expect(runScenario(pkvm, resolveKernel("v6.15"), 4, { invariants: "steps" }).outcome).toBe("completed");
    expect(runScenario(pkvm, resolveKernel("mm-2026"), 4, { invariants: "steps" }).outcome).toBe("completed");
  });

  describe("a broken model invariant is a ModelInvariantError naming the run", () => {
    // A tracer that, at the first event, counts a pin nobody took: a stand-in for a pinsim bug
    // the kernel's own assertions do not see (NR_FOLL_PIN_ACQUIRED out of step with the ledger).
    const corrupting = (k: Kernel): Tracer => {
      let done = false;
      return {
        emit: () => {
          if (!done) k.counters.nr_foll_pin_acquired++;
          done = true;
        },
      };
    };
    const run = (invariants: InvariantChecks) =>
      runScenario(pkvm, resolveKernel("v6.15"), 1, { trace: corrupting, invariants });

    it.each([
      ["pins", /^at a pin result at \d+ ns$/],
      ["steps", /^after a step at \d+ ns$/],
    ] as const)("caught with %s checks", (checks, where) => {
      let caught: unknown;
      try {
        run(checks);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ModelInvariantError);
      const e = caught as ModelInvariantError;
      expect([e.scenario, e.kernel, e.seed]).toEqual(["pkvm-mlock-onfault", "v6.15", 1]);
      expect(e.violation).toMatch(/pin accounting out of balance/);
      expect(e.where).toMatch(where);
    });

    it("goes unnoticed with the checks off (the bench's baseline)", () => {
      expect(run("off").outcome).toBe("completed");
    });
  });

  it("stops at the scenario's stop time with actors still running", () => {
    const vmm = vmmActor({ cpu: 0, touches: 64, interval_ns: 10_000 });
    const r = runScenario(scenario([vmm], { stop_ns: 100_000 }), resolveKernel("v6.17"), 1);
    expect(r.outcome).toBe("stopped");
    expect(r.end_ns).toBeLessThanOrEqual(100_000);
  });

  it("evaluates max-outer-retries and max-global-drains-per-pin per pin", () => {
    const vmm = vmmActor({ cpu: 1, touches: 16, interval_ns: 1_000 });
    const ring: IoUringActor = {
      kind: "io_uring",
      name: "ring",
      cpu: 0,
      region: "r",
      pages: 16,
      start_ns: 100_000,
      registrations: 1,
      interval_ns: 0,
    };
    const s = scenario([vmm, ring], {
      regions: [region({ size_bytes: 16 * 4096 })],
      properties: [
        { kind: "max-outer-retries", value: 0 },
        { kind: "max-global-drains-per-pin", value: 1 },
      ],
    });
    const r = runScenario(s, resolveKernel("v6.17"), 1);
    expect(r.properties.map((v) => [v.ok, v.observed])).toEqual([
      [false, 1],
      [true, 1],
    ]);
  });

  it("rejects cost names the cost model does not have", () => {
    expect(() =>
      runScenario({ ...pkvm, costs: { lru_add_drain_all: 5 } }, resolveKernel("v6.15"), 1),
    ).toThrow(RunSetupError);
  });
});
