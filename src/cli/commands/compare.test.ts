import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";

const dir = () => mkdtempSync(join(tmpdir(), "pinsim-out-"));

describe("pinsim compare", () => {
  it("--json prints exactly the documented document", async () => {
    const r = await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,mm-2026",
      "--runs",
      "4",
      "--json",
    ]);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual([
      "pinsim_version",
      "schema_version",
      "scenario",
      "runs",
      "seed",
      "results",
    ]);
    expect(doc.results.map((x: { kernel: string }) => x.kernel)).toEqual(["v6.15", "mm-2026"]);
    expect(doc.results[1]).toMatchObject({ runs: 4, pins_attempted: 64, pins_failed: 0, drains_global: 0 });
  });

  it("draws a progress bar only on an interactive stderr, and not with --quiet", async () => {
    const argv = ["compare", "pkvm-mlock-onfault", "--kernels", "v6.17", "--runs", "3"];
    expect((await pinsim(argv, true)).err).toContain("runs");
    expect((await pinsim([...argv, "--quiet"], true)).err).toBe("");
    expect((await pinsim(argv, false)).err).toBe("");
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
    expect(r.err).toMatch(/must end in \.svg, \.png or \.vl\.json/);
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
