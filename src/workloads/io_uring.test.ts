import { describe, expect, it } from "vitest";
import { machineWith, region, scenario, vmmActor } from "../../test/support/workloads.ts";
import { H_GUP_PIN } from "../kernel/holders.ts";
import type { IoUringActor } from "../scenarios/scenario.ts";
import { folioAt } from "./region.ts";

const vmm = vmmActor;
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
