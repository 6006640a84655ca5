import { describe, expect, it } from "vitest";
import { machineWith, scenario, vmmActor } from "../../test/support/workloads.ts";
import { H_TRANSIENT } from "../kernel/holders.ts";
import type { GpuActor } from "../scenarios/scenario.ts";
import { folioAt } from "./region.ts";

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
