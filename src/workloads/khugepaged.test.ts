import { describe, expect, it } from "vitest";
import { machineWith, scenario, vmmActor } from "../../test/support/workloads.ts";
import { LRU_ADD } from "../kernel/folio_batch.ts";
import { KHUGEPAGED_SCAN_SLEEP_NS } from "../kernel/khugepaged.ts";
import { parseScenario } from "../scenarios/parse.ts";
import type { KhugepagedActor } from "../scenarios/scenario.ts";
import { khugepagedSteps } from "./khugepaged.ts";

function khugepaged(over: Partial<KhugepagedActor> = {}): KhugepagedActor {
  return {
    kind: "khugepaged",
    name: "khugepaged",
    cpu: 3,
    region: "r",
    scans: 1_000_000,
    start_ns: 0,
    interval_ns: KHUGEPAGED_SCAN_SLEEP_NS,
    ...over,
  };
}

describe("khugepaged actor", () => {
  it("scans at start, then after every interval: a scan, a sleep, a scan", () => {
    const source = khugepagedSteps(khugepaged({ scans: 3, start_ns: 5_000, interval_ns: 100 }));
    const steps: unknown[] = [];
    for (let r = source.next(0); !r.done; r = source.next(0)) steps.push(r.value);
    expect(steps).toEqual([
      { op: "sleep_until", at_ns: 5_000 },
      { op: "khugepaged_scan" },
      { op: "sleep", ns: 100 },
      { op: "khugepaged_scan" },
      { op: "sleep", ns: 100 },
      { op: "khugepaged_scan" },
    ]);
  });

  it("is off unless listed; listed, it defaults to the kernel's 10 s scan_sleep_millisecs", () => {
    const yaml = [
      "name: k",
      "regions: [{name: r, kind: anon, size: 64KiB}]",
      "actors:",
      "  - {kind: khugepaged, cpu: 1, region: r}",
    ].join("\n");
    const a = parseScenario(yaml, "k.yaml").actors[0] as KhugepagedActor;
    expect([a.kind, a.interval_ns, a.start_ns]).toEqual(["khugepaged", 10_000_000_000, 0]);
  });

  it("a scan drains the other CPUs' batches (lru_add_drain_all()); the run does not wait for the next", () => {
    // The vmm faults 16 pages on CPU 1, one a microsecond; its lru_add batch keeps them (< 31 on v6.17).
    const quiet = machineWith(scenario([vmmActor()]), "v6.17");
    quiet.m.run();
    expect(quiet.m.kernel.batches[1]![LRU_ADD]!.nr).toBe(16);
    // A scan at 8.5 µs takes the first 8 or so out; the next one (1 ms later) never comes.
    const busy = machineWith(
      scenario([vmmActor(), khugepaged({ start_ns: 8_500, interval_ns: 1_000_000 })]),
      "v6.17",
    );
    busy.m.run();
    const left = busy.m.kernel.batches[1]![LRU_ADD]!.nr;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(16);
    expect(busy.m.kernel.counters.drains_global).toBe(1);
    expect(busy.m.kernel.now_ns()).toBeLessThan(1_000_000);
  });
});
