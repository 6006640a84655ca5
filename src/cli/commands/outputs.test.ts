// pinsim trace, --plot and --vary (the "traces and pictures" commands).

import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pinsim } from "../testing.ts";

const dir = () => mkdtempSync(join(tmpdir(), "pinsim-out-"));

describe("pinsim trace", () => {
  it("prints kernel-format ftrace text with the migration events of a failing pin", async () => {
    const r = await pinsim(["trace", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "4"]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith("# tracer: nop\n")).toBe(true);
    expect(r.out).toMatch(/mm_migrate_pages_start: mode=MIGRATE_SYNC reason=longterm_pin/);
    expect(r.out).toMatch(/mm_migrate_pages: nr_succeeded=\d+ nr_failed=1 .* reason=longterm_pin/);
    expect(r.out).toMatch(/workqueue_queue_work|page_ref_mod: pfn=0x[0-9a-f]+ /);
  });

  it("is byte-identical for the same seed", async () => {
    const a = await pinsim(["trace", "gpu-transient-refs", "--seed", "3", "--format", "chrome"]);
    const b = await pinsim(["trace", "gpu-transient-refs", "--seed", "3", "--format", "chrome"]);
    expect(a.out).toBe(b.out);
    const json = JSON.parse(a.out) as { traceEvents: { ph: string }[] };
    expect(json.traceEvents.some((e) => e.ph === "X")).toBe(true);
  });

  it("writes -o FILE whole", async () => {
    const file = join(dir(), "t.json");
    const r = await pinsim(["trace", "pkvm-mlock-onfault", "--format", "chrome", "-o", file]);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(readFileSync(file, "utf8"))).not.toThrow();
    expect(r.err).toMatch(/replay: pinsim trace pkvm-mlock-onfault --kernel v6.15 --seed 1 --format chrome/);
  });

  it("rejects a bad format with exit 2 and writes nothing", async () => {
    const d = dir();
    const r = await pinsim(["trace", "pkvm-mlock-onfault", "--format", "perfetto", "-o", join(d, "x")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/one of ftrace, chrome/);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe("--plot", () => {
  it("compare --plot FILE.svg writes a bar chart with one group per kernel", async () => {
    const file = join(dir(), "c.svg");
    const r = await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,v6.17",
      "--runs",
      "20",
      "--quiet",
      "--plot",
      file,
    ]);
    expect(r.code).toBe(1); // v6.15 violates every-pin-succeeds
    const svg = readFileSync(file, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("v6.15");
    expect(svg).toContain("v6.17");
  });

  it("a plot file with another extension is bad input: exit 2, nothing written", async () => {
    const d = dir();
    const r = await pinsim(["compare", "pkvm-mlock-onfault", "--runs", "2", "--plot", join(d, "c.pdf")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/must end in \.svg or \.png/);
    expect(readdirSync(d)).toEqual([]);
  });

  it("writes PNG from the same SVG", async () => {
    const file = join(dir(), "c.png");
    await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.17",
      "--runs",
      "5",
      "--quiet",
      "--plot",
      file,
    ]);
    expect([...readFileSync(file).subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
  });
});

describe("run --vary", () => {
  it("sweeps the GPU hold time: mainline fails once holds outlast the passes, the RFC does not", async () => {
    const file = join(dir(), "sweep.svg");
    const r = await pinsim([
      "run",
      "gpu-transient-refs",
      "--kernel",
      "v6.18,v6.18+hubbard-wait",
      "--vary",
      "gpu.hold=1us,20ms",
      "--runs",
      "3",
      "--quiet",
      "--json",
      "--plot",
      file,
    ]);
    const sweep = JSON.parse(r.out) as {
      points: { kernel: string; pins_failed: number; pins_attempted: number }[][];
    };
    const [short, long] = sweep.points;
    expect(short!.map((k) => k.pins_failed)).toEqual([0, 0]);
    expect(long![0]!.pins_failed).toBe(long![0]!.pins_attempted); // v6.18: every pin fails at 20 ms
    expect(long![1]!.pins_failed).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it("names the valid parameters when PARAM is wrong (exit 2)", async () => {
    const r = await pinsim(["run", "gpu-transient-refs", "--vary", "gpu.holdz=1us..1ms:3"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/fields: .*interval.*hold/);
    const r2 = await pinsim(["run", "gpu-transient-refs", "--vary", "nosuch.hold=1us..1ms:3"]);
    expect(r2.err).toMatch(/no actor "nosuch"; actors: /);
  });

  it("--kernel with a comma list needs --vary", async () => {
    const r = await pinsim(["run", "gpu-transient-refs", "--kernel", "v6.18,v6.17"]);
    expect(r.code).toBe(2);
  });
});
