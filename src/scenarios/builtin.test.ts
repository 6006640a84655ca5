import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILTIN_DIR, builtinNames, builtinPath, listBuiltinScenarios } from "./builtin.ts";
import { loadScenario } from "./load.ts";

const EXPECTED = [
  "cma-pin",
  "gpu-transient-refs",
  "gup-reader-contention",
  "io-uring-register",
  "lru-traffic-race",
  "madv-cold-deactivate-batch",
  "mlock-local-batch",
  "mlock-remote-batch",
  "pkvm-mlock-onfault",
  "reader-activate-batch",
  "thp-pin",
  "vmsplice-held-page",
];

describe("built-in scenarios", () => {
  it("are the files in builtin/, listed sorted with one-line descriptions", () => {
    const list = listBuiltinScenarios();
    expect(list.map((s) => s.name)).toEqual(EXPECTED);
    for (const s of list) {
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.description).not.toMatch(/\n/);
    }
    expect(BUILTIN_DIR).toMatch(/builtin\/?$/);
  });

  it.each(EXPECTED)("%s loads by name, with name matching its file and source builtin:<name>", (name) => {
    const s = loadScenario(name);
    expect(s.name).toBe(name);
    expect(s.source).toBe(`builtin:${name}`);
    expect(s.actors.length + s.tasks.length).toBeGreaterThan(0);
    for (const a of s.actors) expect(a.cpu).toBeLessThan(s.machine.cpus);
  });

  it.each(EXPECTED)("%s starts with name: then description:", (name) => {
    const lines = readFileSync(builtinPath(name), "utf8").split("\n");
    expect(lines[0]).toBe(`name: ${name}`);
    expect(lines[1]).toMatch(/^description: \S/);
  });

  it("also loads through an explicit path, with the path as source", () => {
    const path = builtinPath("thp-pin");
    const s = loadScenario(path);
    expect(s.source).toBe(path);
    expect(s.name).toBe("thp-pin");
    expect(builtinNames()).toContain("thp-pin");
  });

  it("pkvm-mlock-onfault has the reported machine and actors", () => {
    const s = loadScenario("pkvm-mlock-onfault");
    expect(s.kernel).toBe("v6.15");
    expect(s.machine).toEqual({
      cpus: 8,
      dma32_mib: 64,
      normal_mib: 256,
      movable_mib: 0,
      cma_mib: 64,
      movable_alloc_order: ["cma", "normal", "dma32"],
    });
    expect(s.regions).toEqual([
      { name: "guest", kind: "memfd", size_bytes: 1 << 20, mlock: "onfault", shared: true },
    ]);
    const [vmm, vcpu] = s.actors;
    expect(vmm).toMatchObject({ kind: "vmm", cpu: 7, region: "guest", readahead_pages: 1, touches: 256 });
    expect(vcpu).toMatchObject({
      kind: "pkvm-vcpu",
      cpu: 3,
      pins: 16,
      start_ns: 300_000,
      interval_ns: 5_000,
    });
    expect(s.properties).toEqual([{ kind: "every-pin-succeeds" }]);
    expect(s.stop_ns).toBe(50_000_000);
  });

  it("gpu-transient-refs, gup-reader-contention and thp-pin carry the briefed figures", () => {
    const gpu = loadScenario("gpu-transient-refs");
    expect(gpu.kernel).toBe("v6.18");
    expect(gpu.actors.map((a) => a.kind)).toEqual(["vmm", "gpu", "io_uring"]);
    expect(gpu.actors[1]).toMatchObject({
      ops: 200,
      pages_per_op: 4,
      hold: { dist: "fixed", value_ns: 200_000 },
    });
    expect(gpu.actors[2]).toMatchObject({ registrations: 20, interval_ns: 200_000, start_ns: 150_000 });
    const gup = loadScenario("gup-reader-contention");
    expect(gup.kernel).toBe("debian-6.1");
    expect(gup.actors[1]).toMatchObject({
      kind: "gup-reader",
      reads: 500,
      hold: { dist: "exponential", mean_ns: 50_000 },
    });
    const thp = loadScenario("thp-pin");
    expect(thp.regions[0]).toMatchObject({ kind: "thp-anon", size_bytes: 4 << 20, shared: false });
  });
});
