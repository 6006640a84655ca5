import { describe, expect, it } from "vitest";
import { machineWith, region, scenario, vmmActor } from "../../test/support/workloads.ts";
import { LRU_ADD, MLOCK_BATCH, MLOCK_TAG_LRU_FOLIO } from "../kernel/folio_batch.ts";
import { PG_lru, PG_mlocked } from "../kernel/folio_flags.ts";
import { H_LRU_BATCH, H_MLOCK_BATCH } from "../kernel/holders.ts";
import { VM_LOCKED, VM_LOCKONFAULT } from "../kernel/mm.ts";
import type { VmmActor } from "../scenarios/scenario.ts";
import { folioAt } from "./region.ts";

function vmm(over: Partial<VmmActor> = {}): VmmActor {
  return vmmActor({ name: "crosvm", cpu: 2, touches: 8, interval_ns: 2_000, ...over });
}

describe("vmm actor", () => {
  it("with mlock onfault, each touch leaves an mlock-batch reference on the vmm's CPU", () => {
    const s = scenario([vmm()], { regions: [region({ mlock: "onfault" })] });
    const { m, w } = machineWith(s, "v6.15");
    m.run();
    const k = m.kernel;
    const r = w.region("r");
    expect(r.vma.flags & (VM_LOCKED | VM_LOCKONFAULT)).toBe(VM_LOCKED | VM_LOCKONFAULT);
    const mlockBatch = k.batches[2]![MLOCK_BATCH]!;
    for (let p = 0; p < 8; p++) {
      const f = folioAt(k, r, p);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(k.folios.test(f, PG_mlocked)).toBe(true);
      expect(k.folios.held(f, H_MLOCK_BATCH)).toBe(1);
      expect(mlockBatch.folios[mlockBatch.indexOf(f)]).toBe(f);
      expect(mlockBatch.tags[mlockBatch.indexOf(f)]).toBe(MLOCK_TAG_LRU_FOLIO);
      expect(mlockBatch.queued_by[mlockBatch.indexOf(f)]).toBe("crosvm");
    }
    // Only the vmm's CPU holds anything: nobody else touched the region.
    for (const cpu of [0, 1, 3]) expect(k.batches[cpu]![MLOCK_BATCH]!.nr).toBe(0);
  });

  it("without mlock, touches only queue in the lru_add batch", () => {
    const { m, w } = machineWith(scenario([vmm()]), "v6.17");
    m.run();
    const f = folioAt(m.kernel, w.region("r"), 0);
    expect(m.kernel.folios.held(f, H_MLOCK_BATCH)).toBe(0);
    expect(m.kernel.folios.held(f, H_LRU_BATCH)).toBe(1);
  });

  it("readahead fills the lru_add batch, which drains and sets PG_lru on folios still in the mlock batch", () => {
    const s = scenario([vmm({ touches: 20, readahead_pages: 1 })], {
      regions: [region({ mlock: "onfault" })],
    });
    const { m, w } = machineWith(s, "v6.15");
    m.run();
    const k = m.kernel;
    const f = folioAt(k, w.region("r"), 0);
    // 20 touches x 2 lru_add entries passed the batch size of 31: the first folio was drained...
    expect(k.folios.test(f, PG_lru)).toBe(true);
    expect(k.folios.held(f, H_LRU_BATCH)).toBe(0);
    // ...but 20 mlock entries did not fill the mlock batch (Will Deacon's state, §5.4).
    expect(k.folios.held(f, H_MLOCK_BATCH)).toBe(1);
    expect(k.batches[2]![LRU_ADD]!.nr).toBe(40 - 31);
  });

  it("random order touches every page exactly once per pass over the region", () => {
    const s = scenario([vmm({ pattern: "random", touches: 64 })]);
    const { m, w } = machineWith(s, "v6.17", 7);
    m.run();
    for (let p = 0; p < 64; p++) expect(folioAt(m.kernel, w.region("r"), p)).toBeGreaterThanOrEqual(0);
    expect(m.kernel.counters.faults).toBe(64);
  });

  it("mlock now populates the whole region from the vmm's CPU before touching", () => {
    const s = scenario([vmm({ touches: 1 })], { regions: [region({ mlock: "now" })] });
    const { m, w } = machineWith(s, "v6.17");
    m.run();
    for (let p = 0; p < 64; p++)
      expect(m.kernel.folios.test(folioAt(m.kernel, w.region("r"), p), PG_mlocked)).toBe(true);
  });
});
