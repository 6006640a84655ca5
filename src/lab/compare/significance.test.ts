import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  intervalsOverlap,
  meansDiffer,
  percentileInterval,
  proportionDifference,
  proportionsDiffer,
  sampleOf,
  tCritical95,
} from "./significance.ts";
import { LatencyHistogram } from "./stats.ts";

describe("proportionDifference (Newcombe's hybrid score interval)", () => {
  it("matches Newcombe (1998), method 10", () => {
    const a = proportionDifference(48, 80, 56, 70); // 56/70 - 48/80 = 0.2
    expect(a.low).toBeCloseTo(0.0524, 4);
    expect(a.high).toBeCloseTo(0.3339, 4);
    const b = proportionDifference(3, 10, 9, 10);
    expect(b.low).toBeCloseTo(0.1705, 4);
    expect(b.high).toBeCloseTo(0.809, 4);
  });

  it("marks 366/16000 against 0/16000 and not 1/1000 against 0/1000", () => {
    expect(proportionsDiffer(366, 16000, 0, 16000)).toBe(true);
    expect(proportionsDiffer(1, 1000, 0, 1000)).toBe(false);
    expect(proportionsDiffer(0, 0, 5, 10)).toBe(false); // nothing to compare with
  });

  it("is symmetric and never marks equal proportions", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n1, n2, f1, f2) => {
          const [x1, x2] = [Math.floor(f1 * n1), Math.floor(f2 * n2)];
          expect(proportionsDiffer(x1, n1, x2, n2)).toBe(proportionsDiffer(x2, n2, x1, n1));
          expect(proportionsDiffer(x1, n1, x1, n1)).toBe(false);
          const d = proportionDifference(x1, n1, x2, n2);
          expect(d.low).toBeLessThanOrEqual(x2 / n2 - x1 / n1 + 1e-12);
          expect(d.high).toBeGreaterThanOrEqual(x2 / n2 - x1 / n1 - 1e-12);
        },
      ),
    );
  });
});

describe("Welch's t-test", () => {
  it("uses Student's critical values", () => {
    expect(tCritical95(1)).toBeCloseTo(12.706, 3);
    expect(tCritical95(5)).toBeCloseTo(2.571, 2);
    expect(tCritical95(10)).toBeCloseTo(2.228, 3);
    expect(tCritical95(30)).toBeCloseTo(2.042, 3);
    expect(tCritical95(1e9)).toBeCloseTo(1.96, 3);
  });

  it("computes per-run mean and sd from sums, exactly 0 for a constant counter", () => {
    expect(sampleOf(4, 8, 16)).toEqual({ n: 4, mean: 2, sd: 0 });
    const s = sampleOf(3, 6, 1 + 4 + 9); // runs 1, 2, 3
    expect(s.mean).toBe(2);
    expect(s.sd).toBeCloseTo(1);
  });

  it("separates clearly different means and not overlapping noise", () => {
    expect(meansDiffer({ n: 1000, mean: 0.4, sd: 0.6 }, { n: 1000, mean: 7.2, sd: 0.5 })).toBe(true);
    expect(meansDiffer({ n: 10, mean: 5, sd: 3 }, { n: 10, mean: 5.5, sd: 3 })).toBe(false);
    expect(meansDiffer({ n: 10, mean: 1, sd: 0 }, { n: 10, mean: 1, sd: 0 })).toBe(false);
    expect(meansDiffer({ n: 10, mean: 1, sd: 0 }, { n: 10, mean: 2, sd: 0 })).toBe(true);
    expect(meansDiffer({ n: 1, mean: 1, sd: 0 }, { n: 1, mean: 9, sd: 0 })).toBe(false); // one run: no test
  });
});

describe("percentileInterval", () => {
  it("brackets the percentile with the order statistics around its rank", () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 100; v++) h.record(v); // exact below 128 ns
    const p50 = percentileInterval(h, 50);
    expect(p50.low).toBeLessThanOrEqual(h.percentile(50));
    expect(p50.high).toBeGreaterThanOrEqual(h.percentile(50));
    // n q ∓ 1.96 sqrt(n q (1-q)) = 50 ∓ 9.8 -> ranks 40 and 61.
    expect(p50).toEqual({ low: 40, high: 61 });
    expect(percentileInterval(new LatencyHistogram(), 99)).toEqual({ low: 0, high: 0 });
  });

  it("does not separate two samples of one distribution, and does separate shifted ones", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const c = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) {
      a.record(1000 + ((i * 7919) % 1000));
      b.record(1000 + ((i * 104729) % 1000));
      c.record(3000 + ((i * 7919) % 1000));
    }
    expect(intervalsOverlap(percentileInterval(a, 99), percentileInterval(b, 99))).toBe(true);
    expect(intervalsOverlap(percentileInterval(a, 50), percentileInterval(c, 50))).toBe(false);
  });
});
