import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fisherExact } from "./fisher.ts";

describe("Fisher's exact test", () => {
  it("gives the textbook p-values", () => {
    // 0/5 against 5/5: only the two most extreme tables, each 1/252.
    expect(fisherExact(0, 5, 5, 5)).toBeCloseTo(2 / 252, 10);
    // The lady tasting tea: 3 of 4 right, one-sided 17/70, two-sided 34/70.
    expect(fisherExact(3, 4, 1, 4)).toBeCloseTo(34 / 70, 10);
  });

  it("is a probability, 1 for equal outcomes, and symmetric in the two samples", () => {
    const counts = fc
      .integer({ min: 1, max: 30 })
      .chain((n1) =>
        fc
          .integer({ min: 1, max: 30 })
          .chain((n2) =>
            fc.tuple(
              fc.integer({ min: 0, max: n1 }),
              fc.constant(n1),
              fc.integer({ min: 0, max: n2 }),
              fc.constant(n2),
            ),
          ),
      );
    fc.assert(
      fc.property(counts, ([k1, n1, k2, n2]) => {
        const p = fisherExact(k1, n1, k2, n2);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(fisherExact(k2, n2, k1, n1)).toBeCloseTo(p, 9);
        expect(fisherExact(k1, n1, k1, n1)).toBeCloseTo(1, 9);
      }),
    );
  });
});
