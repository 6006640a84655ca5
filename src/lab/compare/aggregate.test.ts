import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { foldFromWire, foldToWire, mergeInto } from "./aggregate.ts";
import { foldRange } from "./fold_range.ts";
import { summarize } from "./summary.ts";

const pkvm = loadScenario("pkvm-mlock-onfault");
const v615 = resolveKernel("v6.15");
const whole = summarize(foldRange(pkvm, v615, 1, 0, 24));

describe("folds", () => {
  it("of consecutive seed ranges merge into exactly the fold of the whole range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 }), (cut) => {
        const a = foldRange(pkvm, v615, 1, 0, cut);
        const b = foldRange(pkvm, v615, 1, cut, 24 - cut);
        mergeInto(a, foldFromWire(JSON.parse(JSON.stringify(foldToWire(b)))));
        expect(JSON.stringify(summarize(a))).toBe(JSON.stringify(whole));
      }),
      { numRuns: 6 },
    );
  });

  it("count pins, failures and the first failing seed", () => {
    expect(whole.runs).toBe(24);
    expect(whole.pins_attempted).toBe(24 * 16);
    expect(whole.pins_failed).toBeGreaterThan(0);
    expect(whole.first_failure_seed).toBe(4);
    expect(whole.properties[0]!.first_seed).toBe(4);
    expect(whole.ci95.low).toBeLessThan(whole.failure_rate);
    expect(whole.ci95.high).toBeGreaterThan(whole.failure_rate);
  });
});
