import { describe, expect, it } from "vitest";
import { EFAULT, ENOMEM } from "../kernel/errno.ts";
import { H_GUP_PIN } from "../kernel/holders.ts";
import { ZONE_MOVABLE } from "../kernel/page_alloc.ts";
import type { IoUringActor, MunlockActor, PkvmVcpuActor } from "../scenarios/scenario.ts";
import { folioAt } from "./region.ts";
import { machineWith, region, scenario, vmmActor } from "./testing.ts";

const vmm = vmmActor;
const vcpu = (over: Partial<PkvmVcpuActor> = {}): PkvmVcpuActor => ({
  kind: "pkvm-vcpu",
  name: "vcpu",
  cpu: 3,
  region: "r",
  pins: 8,
  order: "sequential",
  start_ns: 100_000,
  interval_ns: 5_000,
  retry_on_eagain: false,
  ...over,
});
const uring = (over: Partial<IoUringActor> = {}): IoUringActor => ({
  kind: "io_uring",
  name: "ring",
  cpu: 0,
  region: "r",
  pages: 16,
  start_ns: 100_000,
  registrations: 3,
  interval_ns: 50_000,
  ...over,
});

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

describe("io_uring actor", () => {
  it("registers with pin_user_pages_fast, unregisters after the interval: no pin is left", () => {
    const { m, w } = machineWith(
      scenario([vmm(), uring()], { regions: [region({ size_bytes: 16 * 4096 })] }),
      "v6.17",
    );
    m.run();
    const k = m.kernel;
    expect(w.pins.map((p) => [p.seq, p.nr_pages, p.ret, p.errno])).toEqual([
      [0, 16, 16, 0],
      [1, 16, 16, 0],
      [2, 16, 16, 0],
    ]);
    expect(w.pins[0]!.outer_retries).toBe(1);
    expect(w.pins[1]!.outer_retries).toBe(0); // already migrated by the first registration
    for (let p = 0; p < 16; p++) expect(k.folios.held(folioAt(k, w.region("r"), p), H_GUP_PIN)).toBe(0);
    expect(k.counters.nr_foll_pin_acquired).toBe(k.counters.nr_foll_pin_released);
  });
});

describe("munmap actor", () => {
  it("unmaps the region; a later pin of it fails with -EFAULT", () => {
    const unmap: MunlockActor = { kind: "munmap", name: "unmap", cpu: 2, region: "r", at_ns: 50_000 };
    const { m, w } = machineWith(
      scenario([vmm(), unmap, vcpu({ pins: 1 })], { regions: [region({ size_bytes: 16 * 4096 })] }),
      "v6.17",
    );
    m.run();
    expect(w.region("r").vma.unmapped).toBe(true);
    expect(w.pins.map((p) => p.errno)).toEqual([-EFAULT]);
  });

  it("munlock clears VM_LOCKED; the folios are munlocked through the mlock batch", () => {
    const unlock: MunlockActor = { kind: "munlock", name: "unlock", cpu: 1, region: "r", at_ns: 50_000 };
    const s = scenario([vmm(), unlock], { regions: [region({ size_bytes: 16 * 4096, mlock: "onfault" })] });
    const { m, w } = machineWith(s, "v6.17");
    m.run();
    const k = m.kernel;
    expect(k.folios.mlockCount[folioAt(k, w.region("r"), 0)]).toBe(0);
  });
});
