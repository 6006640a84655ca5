import { describe, expect, it } from "vitest";
import { parseConsole } from "./console.ts";

const LOG = [
  "SeaBIOS (version 1.16.2-debian-1.16.2-1)",
  "\u001b[2JPINSIM start kernel=6.1.0-56-cloud-amd64 cpus=2 runs=2",
  "PINSIM zone DMA32 4096 65536",
  "PINSIM zone Movable 65536 262112",
  "PINSIM probes drain_all=1 drain=1 mlock_drain=0",
  "PINSIM pin run=0 task=vcpu seq=0 cpu=0 region=guest first=0 pages=4 ret=-12 mig_ok=0 mig_fail=4 movable_before=4 movable_after=4 other_after=0 absent_after=0 latency_ns=1200 drain_all=0 drain_all_collect=0 drain=0 drain_collect=0",
  "[    4.1] some kernel line",
  "PINSIM run-end run=0 status=0",
  "PINSIM step run=1 task=vmm step=1 op=mlock2 ret=-12",
  "PINSIM run-end run=1 status=256",
].join("\r\n");

describe("parseConsole", () => {
  it("reads the init's lines among the kernel's, with escape codes before them", () => {
    const r = parseConsole(LOG);
    expect(r.release).toBe("6.1.0-56-cloud-amd64");
    expect(r.cpus).toBe(2);
    expect(r.zones).toEqual([
      { name: "DMA32", start_pfn: 4096, end_pfn: 65536 },
      { name: "Movable", start_pfn: 65536, end_pfn: 262112 },
    ]);
    expect(r.probes_armed).toEqual({ drain_all: true, drain: true, mlock_drain: false });
    expect(r.pins).toHaveLength(1);
    expect(r.pins[0]).toMatchObject({ task: "vcpu", seq: 0, ret: -12, mig_fail: 4, movable_after: 4 });
    expect(r.pins[0]!.probes).toEqual({ drain_all: 0, drain_all_collect: 0, drain: 0, drain_collect: 0 });
    expect(r.runs_ended).toEqual([
      { run: 0, status: 0 },
      { run: 1, status: 256 },
    ]);
    expect(r.step_errors).toEqual(["step run=1 task=vmm step=1 op=mlock2 ret=-12"]);
    expect(r.done).toBe(false);
  });
});
