import { describe, expect, it } from "vitest";
import { machineWith, scenario, vmmActor } from "../../test/support/workloads.ts";
import { H_GUP_GET } from "../kernel/holders.ts";
import type { GupReaderActor } from "../scenarios/scenario.ts";
import { folioAt } from "./region.ts";

// Faults (2.5 µs each) outpace the 0.5 µs interval: all 64 pages are in by ~160 µs.
const vmm = vmmActor({ touches: 64, interval_ns: 500 });

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
