import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "./errors.ts";
import { loadScenario, MAX_SCENARIO_BYTES } from "./load.ts";
import { parseScenario } from "./parse.ts";

const ALL_KINDS = `
regions:
  - {name: shm, kind: memfd, size: 64KiB}
  - {name: anon, kind: anon, size: 8KiB}
  - {name: thp, kind: thp-anon, size: 2MiB}
  - {name: huge, kind: hugetlb-memfd, size: 2MiB}
actors:
  - {kind: vmm, cpu: 0, region: shm}
  - {kind: pkvm-vcpu, cpu: 1, region: shm}
  - {kind: gpu, cpu: 2, region: anon}
  - {kind: io_uring, cpu: 3, region: thp}
  - {kind: gup-reader, cpu: 0, region: anon}
  - {kind: lru-traffic, cpu: 1, region: shm}
  - {kind: munlock, cpu: 2, region: shm}
  - {kind: munmap, cpu: 3, region: huge}
`;

describe("defaults", () => {
  const s = parseScenario(ALL_KINDS, "defaults.yaml");

  it("fills the scenario-level defaults", () => {
    expect(s.name).toBe("defaults");
    expect(s.description).toBe("");
    expect(s.source).toBe("defaults.yaml");
    expect(s.kernel).toBe("v6.15");
    expect(s.stop_ns).toBe(1_000_000_000);
    expect(s.properties).toEqual([]);
    expect(s.costs).toEqual({});
    expect(s.machine).toEqual({
      cpus: 4,
      dma32_mib: 64,
      normal_mib: 256,
      movable_mib: 256,
      cma_mib: 0,
      movable_alloc_order: ["movable", "cma", "normal", "dma32"],
    });
  });

  it("maps memfd kinds shared and anon kinds private, with no mlock", () => {
    expect(s.regions.map((r) => [r.name, r.shared, r.mlock])).toEqual([
      ["shm", true, "none"],
      ["anon", false, "none"],
      ["thp", false, "none"],
      ["huge", true, "none"],
    ]);
  });

  it("fills every actor's defaults, page counts from its region", () => {
    expect(s.actors).toEqual([
      {
        kind: "vmm",
        name: "vmm-0",
        cpu: 0,
        region: "shm",
        pattern: "sequential",
        touches: 16,
        start_ns: 0,
        interval_ns: 2_000,
        readahead_pages: 0,
      },
      {
        kind: "pkvm-vcpu",
        name: "pkvm-vcpu-1",
        cpu: 1,
        region: "shm",
        pins: 16,
        order: "sequential",
        start_ns: 0,
        interval_ns: 5_000,
        retry_on_eagain: false,
      },
      {
        kind: "gpu",
        name: "gpu-2",
        cpu: 2,
        region: "anon",
        ops: 100,
        pages_per_op: 1,
        hold: { dist: "exponential", mean_ns: 20_000 },
        start_ns: 0,
        interval_ns: 50_000,
      },
      {
        kind: "io_uring",
        name: "io_uring-3",
        cpu: 3,
        region: "thp",
        pages: 512,
        start_ns: 0,
        registrations: 1,
        interval_ns: 0,
      },
      {
        kind: "gup-reader",
        name: "gup-reader-4",
        cpu: 0,
        region: "anon",
        reads: 1000,
        pages_per_read: 1,
        hold: { dist: "fixed", value_ns: 2_000 },
        start_ns: 0,
        interval_ns: 1_000,
      },
      {
        kind: "lru-traffic",
        name: "lru-traffic-5",
        cpu: 1,
        region: "shm",
        op: "mixed",
        ops: 1000,
        start_ns: 0,
        interval_ns: 1_000,
      },
      { kind: "munlock", name: "munlock-6", cpu: 2, region: "shm", at_ns: 0 },
      { kind: "munmap", name: "munmap-7", cpu: 3, region: "huge", at_ns: 0 },
    ]);
  });

  it("reads given values over defaults, with YAML keys mapped to the unit-suffixed fields", () => {
    const t = parseScenario(
      `name: given
description: every field set
kernel: v6.17
machine: {cpus: 2, dma32: 32MiB, normal: 1GiB, movable: 0, cma: 16MiB, movable_alloc_order: [cma, normal]}
regions:
  - {name: r, kind: anon, size: 16KiB, mlock: now, shared: true}
actors:
  - {kind: vmm, name: v, cpu: 1, region: r, pattern: random, touches: 99, start: 1us, interval: 3us, readahead_pages: 2}
  - kind: gup-reader
    cpu: 0
    region: r
    hold: {dist: lognormal, median: 100us, sigma: 1.0}
  - {kind: gpu, cpu: 0, region: r, hold: {dist: uniform, min: 1us, max: 1ms}}
  - {kind: munmap, cpu: 0, region: r, at: 7ms}
properties:
  - every-pin-succeeds
  - max-outer-retries: 3
  - max-global-drains-per-pin: 1
costs: {drain_all_base_ns: 40us, isolate_ns: 1500}
stop: {time: 50ms}
`,
      "given.yaml",
    );
    expect(t.machine).toEqual({
      cpus: 2,
      dma32_mib: 32,
      normal_mib: 1024,
      movable_mib: 0,
      cma_mib: 16,
      movable_alloc_order: ["cma", "normal"],
    });
    expect(t.regions[0]).toEqual({ name: "r", kind: "anon", size_bytes: 16384, mlock: "now", shared: true });
    expect(t.actors[0]).toEqual({
      kind: "vmm",
      name: "v",
      cpu: 1,
      region: "r",
      pattern: "random",
      touches: 99,
      start_ns: 1_000,
      interval_ns: 3_000,
      readahead_pages: 2,
    });
    expect(t.actors[1]).toMatchObject({ hold: { dist: "lognormal", median_ns: 100_000, sigma: 1 } });
    expect(t.actors[2]).toMatchObject({ hold: { dist: "uniform", min_ns: 1_000, max_ns: 1_000_000 } });
    expect(t.actors[3]).toMatchObject({ at_ns: 7_000_000 });
    expect(t.properties).toEqual([
      { kind: "every-pin-succeeds" },
      { kind: "max-outer-retries", value: 3 },
      { kind: "max-global-drains-per-pin", value: 1 },
    ]);
    expect(t.costs).toEqual({ drain_all_base_ns: 40_000, isolate_ns: 1500 });
    expect(t.stop_ns).toBe(50_000_000);
    expect(t.name).toBe("given");
    expect(t.kernel).toBe("v6.17");
  });

  it("accepts empty machine/properties/costs sections and YAML aliases", () => {
    const t = parseScenario(
      `machine:
properties:
costs:
regions: [{name: r, kind: anon, size: 4KiB}]
actors:
  - {kind: gpu, cpu: 0, region: r, hold: &h {dist: fixed, value: 9us}}
  - {kind: gup-reader, cpu: 1, region: r, hold: *h}
`,
      "x.yaml",
    );
    expect(t.machine.cpus).toBe(4);
    expect(t.actors[1]).toMatchObject({ hold: { dist: "fixed", value_ns: 9_000 } });
  });
});

describe("cpu bound (property)", () => {
  it("accepts cpu < machine.cpus and rejects the rest with the range in the message", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 40 }), (cpus, cpu) => {
        const text = `machine: {cpus: ${cpus}}\nregions: [{name: r, kind: anon, size: 4KiB}]\nactors: [{kind: vmm, cpu: ${cpu}, region: r}]\n`;
        if (cpu < cpus) {
          expect(parseScenario(text, "p.yaml").actors[0]!.cpu).toBe(cpu);
        } else {
          expect(() => parseScenario(text, "p.yaml")).toThrow(
            `field actors[0].cpu: found ${cpu}, expected an integer 0..${cpus - 1} (machine.cpus is ${cpus})`,
          );
        }
      }),
    );
  });
});

describe("user files", () => {
  const dir = mkdtempSync(join(tmpdir(), "pinsim-scenarios-"));

  it("loads a user YAML path, defaulting the name to the file name", () => {
    const path = join(dir, "my-run.yaml");
    writeFileSync(
      path,
      "regions: [{name: r, kind: anon, size: 4KiB}]\nactors: [{kind: io_uring, cpu: 0, region: r}]\n",
    );
    const s = loadScenario(path);
    expect(s.name).toBe("my-run");
    expect(s.source).toBe(path);
    expect(s.actors[0]).toMatchObject({ kind: "io_uring", pages: 1 });
  });

  it("names the user's file in validation errors", () => {
    const path = join(dir, "bad.yaml");
    writeFileSync(
      path,
      "regions: [{name: r, kind: anon, size: 4KiB}]\nactors: [{kind: io_uring, cpu: 4, region: r}]\n",
    );
    expect(() => loadScenario(path)).toThrow(`${path}:2:32: field actors[0].cpu: found 4`);
  });

  it("explains a name that is neither a built-in nor a file", () => {
    const err = catchError(() => loadScenario("cma-pinn"));
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.line).toBe(0);
    expect(err.message).toMatch(/^cma-pinn: found no built-in scenario or file named "cma-pinn"/);
    expect(err.message).toMatch(/did you mean "cma-pin"\?/);
    expect(catchError(() => loadScenario(dir)).found).toBe("a directory");
  });
});

describe("files that are not scenario files", () => {
  const dir = mkdtempSync(join(tmpdir(), "pinsim-scenarios-"));

  it("refuses a FIFO at once instead of waiting for a writer", () => {
    const fifo = join(dir, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const e = catchError(() => loadScenario(fifo));
    expect([e.found, e.expected]).toEqual(["a FIFO", "a regular file"]);
  });

  it("refuses devices such as /dev/zero, which never ends", () => {
    expect(catchError(() => loadScenario("/dev/zero")).found).toBe("a character device");
  });

  it("refuses a file over the size limit, and one that reports no size but reads as more", () => {
    const big = join(dir, "big.yaml");
    writeFileSync(big, `# ${"x".repeat(MAX_SCENARIO_BYTES)}\n`);
    expect(catchError(() => loadScenario(big)).found).toBe("a file larger than 4 MiB");
    // /proc files have st_size 0: the limit is on the bytes read, not on what stat says.
    expect(statSync("/proc/self/status").size).toBe(0);
    expect(catchError(() => loadScenario("/proc/self/status")).line).toBeGreaterThan(0);
  });

  it("echoes at most a line of a file that is not YAML for pinsim (run /etc/passwd)", () => {
    const passwd = join(dir, "passwd");
    const line = "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin";
    writeFileSync(passwd, `${Array.from({ length: 200 }, () => line).join("\n")}\n`);
    const e = catchError(() => loadScenario(passwd));
    expect(e.found).toMatch(/^"daemon:x:1:1:daemon.*"\.\.\. \(\d+ characters\)$/);
    expect(e.message.length).toBeLessThan(300);
  });
});

describe("scale", () => {
  it("reads 50,000 regions (the duplicate-name check is a set lookup, not a scan)", () => {
    const n = 50_000;
    const regions = Array.from({ length: n }, (_, i) => `  - {name: r${i}, kind: anon, size: 4KiB}`);
    const text = `machine: {movable: 1GiB}\nregions:\n${regions.join("\n")}\nactors: [{kind: vmm, cpu: 0, region: r7}]\n`;
    expect(parseScenario(text, "many.yaml").regions).toHaveLength(n);
    const dup = `${text.replace(`name: r${n - 1},`, "name: r3,")}`;
    expect(() => parseScenario(dup, "many.yaml")).toThrow(
      `field regions[${n - 1}].name: found "r3" a second time`,
    );
  });
});

function catchError(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    return e as ScenarioError;
  }
  throw new Error("expected a ScenarioError");
}
