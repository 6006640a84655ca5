import { readFileSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleLineInput } from "../../../test/support/chart_samples.ts";
import { type LineChartInput, renderLineChart } from "./line.ts";
import { xmlProblems } from "./xml_check.ts";

const GOLDEN = new URL("../../../test/golden/chart_line.svg", import.meta.url);

function count(svg: string, needle: string): number {
  return svg.split(needle).length - 1;
}

const point = fc.record({
  x: fc.double({ min: 1, max: 1e10, noNaN: true }),
  y: fc.double({ min: 0, max: 1, noNaN: true }),
});
const lineInput: fc.Arbitrary<LineChartInput> = fc
  .record({
    lines: fc.array(fc.array(point, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 }),
    xLog: fc.boolean(),
    withBand: fc.boolean(),
    rightFrom: fc.integer({ min: 0, max: 6 }),
  })
  .map(({ lines, xLog, withBand, rightFrom }) => ({
    title: "pins",
    xLabel: "hold time",
    yLabel: "failure rate",
    xLog,
    xFormat: "ns",
    yFormat: "percent",
    rightFormat: "ns",
    rightLabel: "p99",
    lines: lines.map((points, i) => ({
      name: `kernel ${i}`,
      dashed: i % 2 === 1,
      axis: i >= rightFrom ? ("right" as const) : ("left" as const),
      points: points.map((p) => (withBand ? { ...p, low: p.y * 0.9, high: p.y * 1.1 } : p)),
    })),
  }));

describe("renderLineChart", () => {
  it("matches the golden file", () => {
    const svg = renderLineChart(sampleLineInput());
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, svg);
    expect(svg).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("draws one line per series with a marker per point, bands and dashes where asked", () => {
    fc.assert(
      fc.property(lineInput, (input) => {
        const svg = renderLineChart(input);
        expect(xmlProblems(svg)).toEqual([]);
        expect(count(svg, 'class="line"')).toBe(input.lines.length);
        const bands = input.lines.filter((l) => l.points.some((p) => p.low !== undefined)).length;
        expect(count(svg, 'class="band"')).toBe(bands);
        const dashed = input.lines.filter((l) => l.dashed).length;
        expect(count(svg, 'stroke-dasharray="6 4"')).toBe(dashed);
        expect(svg).not.toMatch(/NaN|Infinity|undefined|\de[+-]\d/);
        expect(renderLineChart(input)).toBe(svg);
      }),
      { numRuns: 150 },
    );
  });

  it("formats durations on a log axis", () => {
    const svg = renderLineChart(sampleLineInput());
    for (const label of ["1 µs", "100 µs", "1 ms", "1 s", "500 µs", "2.5 ms"])
      expect(svg).toContain(`>${label}</text>`);
  });

  it("breaks lines at missing values", () => {
    const input = sampleLineInput();
    input.lines = [input.lines[0]!];
    input.lines[0]!.points[3] = { x: 1e6, y: Number.NaN };
    const d = renderLineChart(input).match(/class="line" d="([^"]*)"/)![1]!;
    expect(count(d, "M")).toBe(2);
  });

  it("rejects x <= 0 on a log axis and renders empty input as a placeholder", () => {
    const input = sampleLineInput();
    input.lines[0]!.points[0]!.x = 0;
    expect(() => renderLineChart(input)).toThrow(RangeError);
    expect(renderLineChart({ ...input, lines: [] })).toContain("No data");
  });
});
