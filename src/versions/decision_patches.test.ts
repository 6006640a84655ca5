import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  collectDrainRule,
  configFromWire,
  configToWire,
  DRAIN_IF_NOT_LRU_OR_MLOCKED,
  DRAIN_IF_NOT_LRU_OR_MLOCKED_EVICTABLE,
  DRAIN_IF_UNEXPECTED_PIN_REFS,
  DRAIN_IF_UNEXPECTED_REFS,
  switchedCollectRule,
} from "../kernel/decisions.ts";
import { BASES } from "./bases.ts";
import { PATCHES } from "./patches.ts";
import { resolveKernel } from "./resolve.ts";

const RULE_PATCHES = [
  "hugh-refcount-check",
  "will-drain-if-mlocked",
  "hugh-mlocked-not-unevictable",
  "pin-refs-fix",
  "hugh-series",
];

describe("built-in decision-rule patches", () => {
  it("install their rule at the collect decision point", () => {
    expect(resolveKernel("v6.15+hugh-refcount-check").rules?.collectDrain).toBe(DRAIN_IF_UNEXPECTED_REFS);
    expect(resolveKernel("v6.15+will-drain-if-mlocked").rules?.collectDrain).toBe(
      DRAIN_IF_NOT_LRU_OR_MLOCKED,
    );
    expect(resolveKernel("v6.15+hugh-mlocked-not-unevictable").rules?.collectDrain).toBe(
      DRAIN_IF_NOT_LRU_OR_MLOCKED_EVICTABLE,
    );
    expect(resolveKernel("v6.17+pin-refs-fix").rules?.collectDrain).toBe(DRAIN_IF_UNEXPECTED_PIN_REFS);
    expect(resolveKernel("v6.15+pin-refs-fix+hugh-refcount-check").rules?.collectDrain).toBe(
      DRAIN_IF_UNEXPECTED_PIN_REFS,
    );
  });

  it("any composition's rule is the one its collect_* switches describe (traces and explain read those)", () => {
    const names = PATCHES.map((p) => p.name).filter(
      (n) => n !== "hubbard-wait" && n !== "hubbard-wait-all-movable",
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES.map((b) => b.name)),
        fc.array(fc.constantFrom(...names, ...RULE_PATCHES), { maxLength: 4 }),
        (base, patches) => {
          const c = resolveKernel([base, ...patches].join("+"));
          expect(collectDrainRule(c)).toBe(switchedCollectRule(c));
        },
      ),
    );
  });

  it("built-in rules cross to worker threads by name", () => {
    const c = resolveKernel("v6.15+will-drain-if-mlocked");
    const wire = structuredClone(configToWire(c));
    expect(configFromWire(wire).rules?.collectDrain).toBe(DRAIN_IF_NOT_LRU_OR_MLOCKED);
  });
});
