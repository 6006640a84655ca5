import { describe, expect, it } from "vitest";
import { machineWith, region, scenario, vcpuActor, vmmActor } from "../../test/support/workloads.ts";
import { EFAULT } from "../kernel/errno.ts";
import type { MunlockActor } from "../scenarios/scenario.ts";
import { folioAt } from "./region.ts";

const vmm = vmmActor;
const vcpu = vcpuActor;

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
