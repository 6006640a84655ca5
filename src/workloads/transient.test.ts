import { describe, expect, it } from "vitest";
import { LRU_ACTIVATE, LRU_DEACTIVATE } from "../kernel/folio_batch.ts";
import { H_GUP_GET, H_TRANSIENT } from "../kernel/holders.ts";
import type { GpuActor, GupReaderActor, LruTrafficActor } from "../scenarios/scenario.ts";
import { folioAt } from "./region.ts";
import { machineWith, scenario, vmmActor } from "./testing.ts";

// Faults (2.5 µs each) outpace the 0.5 µs interval: all 64 pages are in by ~160 µs.
const vmm = vmmActor({ touches: 64, interval_ns: 500 });

describe("gpu actor", () => {
  it("takes labelled transient references for the hold time and releases every one", () => {
    const gpu: GpuActor = {
      kind: "gpu",
      name: "gpu",
      cpu: 2,
      region: "r",
      ops: 20,
      pages_per_op: 4,
      hold: { dist: "fixed", value_ns: 30_000 },
      start_ns: 200_000,
      interval_ns: 5_000,
    };
    const { m, w } = machineWith(scenario([vmm, gpu]), "v6.18");
    const k = m.kernel;
    const seen: string[] = [];
    m.engine.observers.push({
      afterStep: () => {
        for (const refs of k.transient.values())
          for (const r of refs) if (!seen.includes(r.label)) seen.push(r.label);
      },
    });
    m.run();
    expect(seen).toContain("gpu cuMemset op 0");
    expect(seen).toContain("gpu cuMemset op 19");
    expect(k.transient.size).toBe(0);
    for (let p = 0; p < 64; p++) expect(k.folios.held(folioAt(k, w.region("r"), p), H_TRANSIENT)).toBe(0);
    expect(k.now_ns()).toBeGreaterThanOrEqual(200_000 + 19 * 5_000 + 30_000); // the last op's hold ran out
  });
});

describe("gup-reader actor", () => {
  it("holds short-term GUP references while reading, and puts every one back", () => {
    const reader: GupReaderActor = {
      kind: "gup-reader",
      name: "reader",
      cpu: 2,
      region: "r",
      reads: 50,
      pages_per_read: 2,
      hold: { dist: "uniform", min_ns: 1_000, max_ns: 3_000 },
      start_ns: 200_000,
      interval_ns: 1_000,
    };
    const { m, w } = machineWith(scenario([vmm, reader]), "debian-6.1");
    let maxHeld = 0;
    m.engine.observers.push({
      afterStep: () => {
        let n = 0;
        for (let p = 0; p < 64; p++) {
          const f = folioAt(m.kernel, w.region("r"), p);
          if (f >= 0) n += m.kernel.folios.held(f, H_GUP_GET);
        }
        maxHeld = Math.max(maxHeld, n);
      },
    });
    m.run();
    expect(maxHeld).toBeGreaterThan(2); // reads overlap
    for (let p = 0; p < 64; p++) {
      const f = folioAt(m.kernel, w.region("r"), p);
      expect(m.kernel.folios.held(f, H_GUP_GET)).toBe(0);
      expect(w.holds.of(f)).toEqual([]);
    }
  });
});

describe("lru-traffic actor", () => {
  it("queues region folios in its own CPU's activate/deactivate batches", () => {
    const traffic: LruTrafficActor = {
      kind: "lru-traffic",
      name: "lru",
      cpu: 3,
      region: "r",
      op: "mixed",
      ops: 200,
      start_ns: 200_000,
      interval_ns: 100,
    };
    const { m } = machineWith(scenario([vmm, traffic]), "v6.17");
    let queued = 0;
    m.engine.observers.push({
      afterStep: () => {
        const row = m.kernel.batches[3]!;
        queued = Math.max(queued, row[LRU_ACTIVATE]!.nr + row[LRU_DEACTIVATE]!.nr);
      },
    });
    m.run();
    expect(queued).toBeGreaterThan(0);
    for (const cpu of [0, 2]) expect(m.kernel.batches[cpu]![LRU_ACTIVATE]!.nr).toBe(0);
  });
});
