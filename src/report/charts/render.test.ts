// Smoke test of the whole chain: spec -> Vega-Lite -> Vega headless view -> SVG -> resvg.
import { describe, expect, it } from "vitest";
import { kernelWith } from "../../../test/support/summaries.ts";
import { comparisonSpec } from "./comparison_spec.ts";
import { renderPng, svgToPng } from "./png.ts";
import { renderSvg } from "./render.ts";
import { sweepSpec } from "./sweep_spec.ts";

const KERNELS = ["v6.18", "v6.18+hubbard-wait=10ms"];

describe("renderSvg", () => {
  it("renders a comparison to well-formed SVG naming every kernel in full", async () => {
    const svg = await renderSvg(
      comparisonSpec({
        scenario: "pkvm-mlock-onfault",
        runs: 10,
        seed: 1,
        results: [kernelWith("v6.15", { failed: 3 }), kernelWith("v6.15+hugh-refcount-check")],
      }),
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(() => svgToPng(svg)).not.toThrow(); // resvg's XML parser refuses malformed documents
    expect(() => svgToPng(`${svg.slice(0, -10)}`)).toThrow(); // ...as a cut document shows
    expect(svg).toContain(">v6.15</text>");
    expect(svg).toContain(">v6.15+hugh-refcount-check</text>");
  });

  it("renders a sweep, and the same spec twice gives the same bytes", async () => {
    const spec = sweepSpec({
      scenario: "gpu-transient-refs",
      vary: { param: "gpu.hold", values: [1e3, 1e6, 2e9], isDuration: true, log: true },
      kernels: KERNELS,
      runs: 5,
      seed: 1,
      points: [0, 1, 2].map(() => KERNELS.map((k) => kernelWith(k))),
    });
    const svg = await renderSvg(spec);
    for (const k of KERNELS) expect(svg).toContain(`>${k}</text>`);
    expect(svg).toContain(">1 s</text>"); // x axis labels in duration units
    expect(svg).toContain(">1 µs</text>");
    expect(await renderSvg(spec)).toBe(svg);
    const png = await renderPng(spec, 600);
    expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBe(600);
  });
});
