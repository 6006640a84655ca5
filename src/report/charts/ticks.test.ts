import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignedTicks, logTicks, niceTicks } from "./ticks.ts";

function increasing(xs: readonly number[]): boolean {
  return xs.every((x, i) => i === 0 || x > xs[i - 1]!);
}

const finite = fc.double({ min: -1e12, max: 1e12, noNaN: true });

describe("niceTicks", () => {
  it("gives the expected ticks for a simple range", () => {
    expect(niceTicks(0, 0.0212, 5).values).toEqual([0, 0.005, 0.01, 0.015, 0.02, 0.025]);
    expect(niceTicks(0, 2.6, 5).values).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 2.6, 8).values).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(niceTicks(0, 0, 5).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("is increasing, covers the range, and stays near the target count", () => {
    fc.assert(
      fc.property(finite, finite, fc.integer({ min: 1, max: 12 }), (a, b, target) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const { values, step } = niceTicks(lo, hi, target);
        expect(increasing(values)).toBe(true);
        // Ends snap to a tick within 1e-9 of a step, and magnitudes below 1e-12 count as zero.
        const slack = step! * 1e-9 + 1e-12;
        expect(values[0]!).toBeLessThanOrEqual(lo + slack);
        expect(values[values.length - 1]!).toBeGreaterThanOrEqual(hi - slack);
        expect(values.length - 1).toBeLessThanOrEqual(target + 1);
        const mantissa = step! / 10 ** Math.floor(Math.log10(step!) + 1e-9);
        expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      }),
    );
  });
});

describe("alignedTicks", () => {
  it("puts right ticks on the left grid rows and covers the right range", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.integer({ min: 2, max: 10 }),
        (leftMax, rightMax, target) => {
          const left = niceTicks(0, leftMax, target);
          const right = alignedTicks(left, 0, rightMax)!;
          expect(right.values.length).toBe(left.values.length);
          expect(increasing(right.values)).toBe(true);
          expect(right.values[0]).toBe(0);
          expect(right.values[right.values.length - 1]!).toBeGreaterThanOrEqual(rightMax);
        },
      ),
    );
  });

  it("gives up when the right data needs negatives the left axis lacks", () => {
    expect(alignedTicks(niceTicks(0, 10, 5), -1, 5)).toBeNull();
  });
});

describe("logTicks", () => {
  it("uses decades, with 2x and 5x when the range is narrow", () => {
    expect(logTicks(1e3, 1e9).values).toEqual([1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]);
    expect(logTicks(30, 70).values).toEqual([10, 20, 50, 100]);
  });

  it("is increasing and covers the range", () => {
    const pos = fc.double({ min: 1e-9, max: 1e15, noNaN: true });
    fc.assert(
      fc.property(pos, pos, (a, b) => {
        const { values } = logTicks(Math.min(a, b), Math.max(a, b));
        expect(increasing(values)).toBe(true);
        expect(values[0]!).toBeLessThanOrEqual(Math.min(a, b) * (1 + 1e-9));
        expect(values[values.length - 1]!).toBeGreaterThanOrEqual(Math.max(a, b) * (1 - 1e-9));
      }),
    );
  });

  it("rejects non-positive ranges", () => {
    expect(() => logTicks(0, 10)).toThrow(RangeError);
  });
});
