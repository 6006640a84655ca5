import { describe, expect, it } from "vitest";
import { machineWith, scenario, vmmActor } from "../../test/support/workloads.ts";
import { LRU_ACTIVATE, LRU_DEACTIVATE } from "../kernel/folio_batch.ts";
import type { LruTrafficActor } from "../scenarios/scenario.ts";

// Faults (2.5 µs each) outpace the 0.5 µs interval: all 64 pages are in by ~160 µs.
const vmm = vmmActor({ touches: 64, interval_ns: 500 });

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
