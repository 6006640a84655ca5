// FolioTable.restoreFrom, the model checker's reuse of one table across executions: a restored
// table equals its source in every field, whatever either held before (grown or not, references
// past 16 bits kept in the sparse high part).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FolioTable } from "./folio_table.ts";
import { NR_HOLDERS } from "./holders.ts";

/** A table with `folios` folios, references and flags from `seed`-like values. */
function filled(
  capacity: number,
  ops: readonly { order: number; holder: number; n: number; flags: number }[],
) {
  const t = new FolioTable(capacity);
  for (const { order, holder, n, flags } of ops) {
    const f = t.create(order, order % 3, 1);
    t.addRefs(f, holder, n);
    t.set(f, flags);
  }
  return t;
}

const OPS = fc.array(
  fc.record({
    order: fc.constantFrom(0, 9),
    holder: fc.integer({ min: 0, max: NR_HOLDERS - 1 }),
    n: fc.constantFrom(1, 3, 70_000),
    flags: fc.integer({ min: 0, max: 0xff }),
  }),
  { maxLength: 12 },
);

describe("FolioTable.restoreFrom", () => {
  it("makes a table equal to its source, whatever both held", () => {
    fc.assert(
      fc.property(OPS, OPS, fc.constantFrom(2, 4, 64), (a, b, capacity) => {
        const src = filled(capacity, a);
        const dst = filled(4, b);
        dst.restoreFrom(src);
        expect(dst).toEqual(src);
        for (let f = 0; f < src.count; f++)
          for (let h = 0; h < NR_HOLDERS; h++) expect(dst.held(f, h)).toBe(src.held(f, h));
        // The copy is not shared: changing it leaves the source alone.
        if (dst.count > 0) {
          dst.addRefs(0, 0, 1);
          expect(dst.refcount[0]).toBe(src.refcount[0]! + 1);
        }
      }),
      { seed: 5 },
    );
  });

  it("restored from an empty table, a used one is a fresh table again", () => {
    fc.assert(
      fc.property(OPS, (ops) => {
        const t = filled(64, ops);
        t.restoreFrom(new FolioTable(64));
        expect(t).toEqual(new FolioTable(64));
      }),
      { seed: 6 },
    );
  });
});
