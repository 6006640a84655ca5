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

  it("--format csv: a header row and one row of raw numbers per kernel", async () => {
    const r = await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,v6.17",
      "--runs",
      "4",
      "--format",
      "csv",
    ]);
    const [head, ...rows] = r.out.trimEnd().split("\r\n");
    expect(head!.split(",").slice(0, 5)).toEqual([
      "kernel",
      "runs",
      "pins_attempted",
      "pins_failed",
      "failure_rate",
    ]);
    expect(rows.map((l) => l.split(",")[0])).toEqual(["v6.15", "v6.17"]);
    expect(rows[1]!.split(",")[2]).toBe("64");
    expect(head!.split(",")).toHaveLength(rows[0]!.split(",").length);
  });

  it("--format markdown: a GitHub table with metrics as rows, significant changes bold, and the replay lines", async () => {
    const r = await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,v6.17",
      "--runs",
      "50",
      "--format",
      "markdown",
    ]);
    expect(r.out).toContain("|  | `v6.15` | `v6.17` |");
    expect(r.out).toMatch(/^\| drains global \| \d+ \| \*\*\d+ \(\+\d+%\)\*\* \|$/m);
    expect(r.out).toContain(
      "```sh\npinsim compare pkvm-mlock-onfault --kernels v6.15,v6.17 --seed 1 --runs 50",
    );
  });

  it("--format wide keeps the one-row-per-kernel table; --json and --format csv together are bad input", async () => {
    const wide = await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,v6.17",
      "--runs",
      "3",
      "--format",
      "wide",
    ]);
    expect(wide.out).toMatch(/^kernel +runs +pins +pins +failure rate/m);
    expect(wide.out).toMatch(/^v6\.17 +3 +48 +0 /m);
    const both = await pinsim(["compare", "pkvm-mlock-onfault", "--runs", "3", "--json", "--format", "csv"]);
    expect([both.code, both.out]).toEqual([2, ""]);
    expect(both.err).toContain("--json and --format csv");
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

  it("--plot FILE.vl.json writes the Vega-Lite spec itself, with the data in it", async () => {
    const file = join(dir(), "c.vl.json");
    await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.17",
      "--runs",
      "3",
      "--quiet",
      "--plot",
      file,
    ]);
    const spec = JSON.parse(readFileSync(file, "utf8"));
    expect(spec.$schema).toMatch(/vega-lite\/v6/);
    expect(spec.data.values.some((v: { kernel: string }) => v.kernel === "v6.17")).toBe(true);
    expect(spec.vconcat).toHaveLength(3);
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
