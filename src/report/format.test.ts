import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatChange, formatDuration_ns, formatPercent, formatRateCi, significant } from "./format.ts";

describe("one number style", () => {
  it("durations: three significant digits in the largest unit", () => {
    expect(formatDuration_ns(200_000)).toBe("200 µs");
    expect(formatDuration_ns(17_412)).toBe("17.4 µs");
    expect(formatDuration_ns(1e9)).toBe("1 s");
    expect(formatDuration_ns(999)).toBe("999 ns");
    expect(formatDuration_ns(999_700)).toBe("1 ms");
    expect(formatDuration_ns(0)).toBe("0");
  });

  it("rates: percentages with three significant digits, the interval after the estimate", () => {
    expect(formatPercent(0.0229)).toBe("2.29%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatRateCi(0.0229, 0.0207, 0.0253)).toBe("2.29% (2.07–2.53%)");
    expect(formatRateCi(0, 0, 0.00024)).toBe("0% (0–0.024%)");
    expect(formatRateCi(0.05, 0.0381, 0.0653)).toBe("5% (3.81–6.53%)");
  });

  it("changes against a baseline: signed, two decimals, whole percent from 1000% on", () => {
    expect(formatChange(100, 112.5)).toBe("+12.50%");
    expect(formatChange(366, 0)).toBe("-100.00%");
    expect(formatChange(404, 7178)).toBe("+1677%");
    expect(formatChange(0, 0)).toBe("0.00%");
    expect(formatChange(0, 5)).toBe("+inf%");
  });

  it("significant() keeps at most three significant digits and round-trips within them", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), (v) => {
        const s = significant(v);
        expect(s).not.toMatch(/e/);
        expect(Math.abs(Number(s) - v) / v).toBeLessThan(0.006);
      }),
    );
  });
});
