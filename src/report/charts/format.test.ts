import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalsFor, formatDuration_ns, formatNumber, formatPercent, formatTicks } from "./format.ts";
import { niceTicks } from "./ticks.ts";

describe("formatDuration_ns", () => {
  it("uses the largest unit reached", () => {
    expect(formatDuration_ns(200_000)).toBe("200 µs");
    expect(formatDuration_ns(1e9)).toBe("1 s");
    expect(formatDuration_ns(1_500_000)).toBe("1.5 ms");
    expect(formatDuration_ns(999)).toBe("999 ns");
    expect(formatDuration_ns(0)).toBe("0");
    expect(formatDuration_ns(120e9)).toBe("120 s");
  });

  it("moves up a unit when rounding reaches 1000", () => {
    expect(formatDuration_ns(999_700)).toBe("1 ms");
    expect(formatDuration_ns(999_700, 100)).toBe("999.7 µs");
  });

  it("follows the tick step", () => {
    expect(formatTicks([0, 250_000, 500_000, 750_000, 1_000_000, 1_250_000], "ns", 250_000)).toEqual([
      "0",
      "250 µs",
      "500 µs",
      "750 µs",
      "1 ms",
      "1.25 ms",
    ]);
  });
});

describe("formatPercent / formatNumber", () => {
  it("formats fractions as percentages", () => {
    expect(formatPercent(0.125)).toBe("12.5%");
    expect(formatPercent(0.07, 0.01)).toBe("7%");
    expect(formatTicks([0, 0.025, 0.05], "percent", 0.025)).toEqual(["0%", "2.5%", "5%"]);
  });

  it("uses one suffix for a whole axis", () => {
    expect(formatTicks([0, 5000, 10_000, 15_000], "number", 5000)).toEqual(["0", "5k", "10k", "15k"]);
    expect(formatNumber(2_500_000)).toBe("2.5M");
    expect(formatNumber(0.35)).toBe("0.35");
  });
});

describe("tick labels", () => {
  it("are distinct for every nice axis", () => {
    const formats = fc.constantFrom("ns" as const, "percent" as const, "number" as const);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e12, noNaN: true }),
        fc.integer({ min: 2, max: 10 }),
        formats,
        (max, target, format) => {
          const t = niceTicks(0, max, target);
          const labels = formatTicks(t.values, format, t.step);
          expect(new Set(labels).size).toBe(labels.length);
        },
      ),
    );
  });

  it("decimalsFor reads the step", () => {
    expect([decimalsFor(5), decimalsFor(0.25), decimalsFor(0.1), decimalsFor(2.5e-3)]).toEqual([0, 2, 1, 4]);
  });
});
