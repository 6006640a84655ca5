import { describe, expect, it } from "vitest";
import { kernelWith, summaryOf } from "../../../test/support/summaries.ts";
import type { Comparison } from "../../lab/compare/summary.ts";
import { comparisonRows, comparisonSpec } from "./comparison_spec.ts";
import { compileWarnings } from "./render.ts";

const LONG = "v6.15+hugh-refcount-check+hugh-local-drain+hubbard-wait=10ms";

const comparison: Comparison = {
  scenario: "pkvm-mlock-onfault",
  runs: 1000,
  seed: 1,
  results: [
    { ...kernelWith("v6.15", { pins: 16000, failed: 366 }), drains_global: 404 },
    { ...kernelWith(LONG, { pins: 16000 }), drains_local: 7127, drains_global: 7127 },
    summaryOf("no-pins"),
  ],
};

// biome-ignore lint/suspicious/noExplicitAny: a spec is walked as plain JSON here
type Json = any;

describe("comparisonSpec", () => {
  const spec = comparisonSpec(comparison) as Json;
  const [failure, drains, latency] = spec.vconcat as Json[];

  it("has the failure rate with its interval, drains per pin and latency percentiles, per kernel", () => {
    const rows = comparisonRows(comparison);
    expect(rows.filter((r) => r.kernel === "v6.15").map((r) => `${r.panel}/${r.series}`)).toEqual([
      "failure/rate",
      "drains/local",
      "drains/global",
      "latency/p50",
      "latency/p99",
      "latency/max",
    ]);
    const rate = rows.find((r) => r.kernel === "v6.15" && r.panel === "failure")!;
    expect(rate).toMatchObject({ value: 366 / 16000, text: expect.stringMatching(/^2\.29% \(/) });
    expect(rows.find((r) => r.kernel === LONG && r.series === "global")!.value).toBeCloseTo(7127 / 16000);
    expect(rows.some((r) => r.kernel === "no-pins")).toBe(false); // nothing to draw
  });

  it("puts each figure in its own panel: failure on a percent axis, latency on a log axis", () => {
    expect(failure.transform[0].filter).toContain("failure");
    expect(failure.layer[0].encoding).toMatchObject({ x: { field: "low" }, x2: { field: "high" } });
    expect(failure.layer[0].encoding.x.axis.format).toBe("~%");
    expect(drains.layer[0].encoding.x.title).toBe("drains per pin call");
    expect(latency.layer[0].encoding.x.scale.type).toBe("log");
  });

  it("writes every number beside its mark and never shortens a kernel name", () => {
    for (const panel of [failure, drains, latency]) {
      const text = panel.layer.at(-1);
      expect(text.mark.type).toBe("text");
      expect(text.encoding.text.field).toBe("text");
      expect(text.encoding.y.axis.labelLimit).toBe(0);
      expect(text.encoding.y.sort).toEqual(["v6.15", LONG, "no-pins"]);
    }
  });

  it("compiles with Vega-Lite without a warning", () => {
    expect(compileWarnings(comparisonSpec(comparison))).toEqual([]);
  });
});
