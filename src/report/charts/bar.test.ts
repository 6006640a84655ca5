import { readFileSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleBarInput } from "../../../test/support/chart_samples.ts";
import { type BarChartInput, renderBarChart } from "./bar.ts";
import { xmlProblems } from "./xml_check.ts";

const GOLDEN = new URL("../../../test/golden/chart_bar.svg", import.meta.url);

function count(svg: string, needle: string): number {
  return svg.split(needle).length - 1;
}

/** y positions of the left axis's tick labels, top to bottom as printed. */
function leftTickLabelYs(svg: string): number[] {
  const axis = svg.match(/<g class="axis axis-left"[^>]*>([\s\S]*?)<\/g>/)![1]!;
  return [...axis.matchAll(/<text x="[^"]*" y="([^"]*)"/g)].map((m) => Number(m[1]));
}

const kernel = fc.stringMatching(/^v[0-9]\.[0-9]{1,2}(\.[0-9]{1,3})?(-[a-z&<>"]{1,12})?$/);
const barInput: fc.Arbitrary<BarChartInput> = fc
  .record({
    categories: fc.array(kernel, { minLength: 1, maxLength: 30 }),
    seriesCount: fc.integer({ min: 1, max: 4 }),
    rightFrom: fc.integer({ min: 0, max: 4 }),
    seed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
    withCi: fc.boolean(),
  })
  .map(({ categories, seriesCount, rightFrom, seed, withCi }) => ({
    title: "t & <t>",
    categories,
    leftLabel: "failure rate",
    leftFormat: "percent",
    rightLabel: "drains per pin",
    series: Array.from({ length: seriesCount }, (_, s) => {
      const values = categories.map((_, c) => seed[(c + s) % seed.length]! * (s + 1));
      return {
        name: `series ${s}`,
        values,
        low: withCi ? values.map((v) => v * 0.8) : undefined,
        high: withCi ? values.map((v) => v * 1.2) : undefined,
        axis: s >= rightFrom ? ("right" as const) : ("left" as const),
      };
    }),
  }));

describe("renderBarChart", () => {
  it("matches the golden file", () => {
    const svg = renderBarChart(sampleBarInput());
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, svg);
    expect(svg).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("draws one bar per category and series, error bars where given, and well-formed SVG", () => {
    fc.assert(
      fc.property(barInput, (input) => {
        const svg = renderBarChart(input);
        expect(xmlProblems(svg)).toEqual([]);
        expect(count(svg, 'class="bar"')).toBe(input.categories.length * input.series.length);
        const withCi = input.series.filter((s) => s.low !== undefined).length;
        expect(count(svg, 'class="errorbar"')).toBe(withCi * input.categories.length);
        expect(svg).not.toMatch(/NaN|Infinity|undefined|\de[+-]\d/);
        expect(renderBarChart(input)).toBe(svg);
      }),
      { numRuns: 150 },
    );
  });

  it("prints left tick labels from the bottom up in increasing order", () => {
    const svg = renderBarChart(sampleBarInput());
    const ys = leftTickLabelYs(svg);
    expect(ys.length).toBeGreaterThan(2);
    for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeLessThan(ys[i - 1]!);
    expect(svg).toContain(">0%</text>");
    expect(svg).toContain(">2.5%</text>");
  });

  it("leaves out bars without data and renders empty input as a placeholder", () => {
    const input = sampleBarInput();
    input.series[0]!.values[1] = Number.NaN;
    expect(count(renderBarChart(input), 'class="bar"')).toBe(7);
    const empty = renderBarChart({ ...input, categories: [], series: [] });
    expect(xmlProblems(empty)).toEqual([]);
    expect(empty).toContain("No data");
  });

  it("rejects series whose length does not match the categories", () => {
    const input = sampleBarInput();
    input.series[1]!.values.pop();
    expect(() => renderBarChart(input)).toThrow(/drains per pin/);
  });
});
