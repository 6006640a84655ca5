// Subtree summaries answer "does this event conflict with some event of that transition below
// the state" exactly as the events themselves would, however they were merged.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventRecord } from "./execution.ts";
import { conflicts } from "./footprint.ts";
import { addEvent, conflictsWith, KeyIds, mergeSummary, type Summary } from "./summary.ts";

/** Keys from a few far-apart ranges (globals, folios, page-table entries, CPUs), read or written. */
const ACCESS = fc
  .tuple(fc.constantFrom(0, 4096, 1 << 28, 537_919_488), fc.integer({ min: 0, max: 40 }), fc.boolean())
  .map(([base, k, write]) => (write ? -(base + k) - 1 : base + k));

const EVENT = fc.record({
  task: fc.integer({ min: 0, max: 3 }),
  footprint: fc.array(ACCESS, { maxLength: 6 }),
  special: fc.constantFrom(false, false, false, true),
});

function record(e: { task: number; footprint: number[]; special: boolean }): EventRecord {
  return {
    transition: 2 * e.task,
    task: e.task,
    footprint: e.footprint,
    waker: -1,
    barrier: false,
    wildcard: e.special,
    decision: -1,
  };
}

describe("subtree summaries", () => {
  it("a merged summary conflicts with an event exactly when one of its events does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(EVENT, { maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        EVENT,
        (subtrees, probe) => {
          const ids = new KeyIds();
          const merged: Summary = new Map();
          for (const events of subtrees) {
            const s: Summary = new Map();
            for (const e of events) addEvent(s, record(e), ids);
            mergeSummary(merged, s, ids);
          }
          const p = record({ ...probe, special: false });
          const all = subtrees.flat().map(record);
          for (let t = 0; t < 8; t += 2) {
            const mine = all.filter((e) => e.transition === t);
            const expected = mine.some((e) => e.wildcard || conflicts(e.footprint, p.footprint));
            const a = merged.get(t);
            expect(a !== undefined && conflictsWith(p, a, ids)).toBe(expected);
          }
        },
      ),
    );
  });
});
