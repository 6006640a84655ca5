import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveCheckTarget } from "../cli/check_target.ts";
import { violationAttempt } from "./replay.ts";
import { type Attempt, improves, type Oracle, shrink } from "./shrink.ts";

/** A synthetic oracle: the "bug" needs a 3 followed later by a 5; steps are positions taken. */
function patternOracle(ds: readonly number[]): Attempt | null {
  const three = ds.indexOf(3);
  const five = three < 0 ? -1 : ds.indexOf(5, three + 1);
  if (five < 0) return null;
  const taken = ds.slice(0, five + 1);
  let preemptions = 0;
  for (let i = 1; i < taken.length; i++) if (taken[i] !== taken[i - 1]) preemptions++;
  return { decisions: taken, steps: taken.length, preemptions };
}

describe("shrink", () => {
  it("never makes a counterexample longer or add preemptions (synthetic oracle)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 40 }), (ds) => {
        const start = patternOracle(ds);
        fc.pre(start !== null);
        const { best } = shrink(start!, patternOracle);
        expect(best.steps).toBeLessThanOrEqual(start!.steps);
        expect(best.preemptions).toBeLessThanOrEqual(start!.preemptions);
        expect(patternOracle(best.decisions)).not.toBeNull();
        expect(best.steps).toBe(2); // [3, 5] is the minimum
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it("accepts only Pareto improvements", () => {
    const a = { decisions: [1, 2], steps: 5, preemptions: 1 };
    expect(improves({ decisions: [1], steps: 5, preemptions: 1 }, a)).toBe(true);
    expect(improves({ decisions: [1, 2, 3], steps: 4, preemptions: 2 }, a)).toBe(false);
    expect(improves({ decisions: [1, 2, 3], steps: 6, preemptions: 0 }, a)).toBe(false);
  });

  it("shrinks random violating schedules of the pkvm model without lengthening them", () => {
    const target = resolveCheckTarget("pkvm-mlock-onfault", "v6.15", { folios: 1 });
    const oracle: Oracle = (d) => violationAttempt(target, "sleeps-any-time", "every-pin-succeeds", d);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 2, 4, 6, 8, 10), { maxLength: 60 }), (ds) => {
        const start = oracle(ds);
        fc.pre(start !== null);
        const { best } = shrink(start!, oracle, 400);
        expect(best.steps).toBeLessThanOrEqual(start!.steps);
        expect(best.preemptions).toBeLessThanOrEqual(start!.preemptions);
        expect(oracle(best.decisions)).not.toBeNull();
      }),
      { numRuns: 15, seed: 5, maxSkipsPerRun: 1000 },
    );
  });
});
