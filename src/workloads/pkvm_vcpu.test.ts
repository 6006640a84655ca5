import { describe, expect, it } from "vitest";
import { machineWith, region, scenario, vcpuActor, vmmActor } from "../../test/support/workloads.ts";
import { ENOMEM } from "../kernel/errno.ts";
import { H_GUP_PIN } from "../kernel/holders.ts";
import { ZONE_MOVABLE } from "../kernel/page_alloc.ts";
import { folioAt } from "./region.ts";

const vmm = vmmActor;
const vcpu = vcpuActor;

describe("pkvm-vcpu actor", () => {
  it("pins one page per stage-2 fault, keeps every successful pin and records latency", () => {
    const { m, w } = machineWith(
      scenario([vmm(), vcpu()], { regions: [region({ size_bytes: 16 * 4096 })] }),
      "v6.17",
    );
    m.run();
    const k = m.kernel;
    expect(w.pins.map((p) => [p.page, p.ret, p.errno])).toEqual(
      Array.from({ length: 8 }, (_, i) => [i, 1, 0]),
    );
    for (const p of w.pins) {
      expect(p.latency_ns).toBeGreaterThan(0);
      expect(p.outer_retries).toBe(1); // faulted into ZONE_MOVABLE by the vmm: migrated once
      const f = folioAt(k, w.region("r"), p.page);
      expect(k.folios.zone[f]).not.toBe(ZONE_MOVABLE);
      expect(k.folios.held(f, H_GUP_PIN)).toBe(1); // still pinned at the end of the run
      expect(w.holds.of(f).map((h) => h.actor)).toEqual(["vcpu"]);
    }
  });

  it("on v6.15, pins of folios parked in another CPU's mlock batch with PG_lru set fail with -ENOMEM", () => {
    // 20 touches with one readahead page each: the lru_add batch drained (PG_lru set) but the
    // mlock batch of CPU 1 still holds every guest folio when the vCPU pins.
    const s = scenario([vmm({ touches: 20, readahead_pages: 1 }), vcpu({ pins: 4, start_ns: 40_000 })], {
      regions: [region({ size_bytes: 32 * 4096, mlock: "onfault" })],
    });
    const { m, w } = machineWith(s, "v6.15");
    m.run();
    expect(w.pins.map((p) => p.errno)).toEqual([-ENOMEM, -ENOMEM, -ENOMEM, -ENOMEM]);
    const { m: m2, w: w2 } = machineWith(s, "v6.17");
    m2.run();
    expect(w2.pins.map((p) => p.errno)).toEqual([0, 0, 0, 0]);
  });
});
