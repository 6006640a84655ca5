// FolioTable.reset, how runs of one experiment and the model checker's executions reuse one
// table: a reset table, used again, holds exactly what a new table used the same way holds,
// whatever it held before (grown or not, references past 8 bits kept in the high part).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FolioTable } from "./folio_table.ts";
import { NR_HOLDERS } from "./holders.ts";

interface Op {
  readonly order: number;
  readonly holder: number;
  readonly n: number;
  readonly flags: number;
}

function use(t: FolioTable, ops: readonly Op[]): FolioTable {
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
    n: fc.constantFrom(1, 3, 300, 70_000),
    flags: fc.integer({ min: 0, max: 0xff }),
  }),
  { maxLength: 12 },
);

const PER_FOLIO = [
  "refcount",
  "mapcount",
  "pincount",
  "flags",
  "order",
  "zone",
  "migratetype",
  "lruList",
  "mapping",
  "index",
  "mlockCount",
  "lruPrev",
  "lruNext",
] as const;

/** Everything a folio id reads back, for every folio of the table. */
function contents(t: FolioTable): unknown[] {
  const out: unknown[] = [t.count, t.maxCount];
  for (let f = 0; f < t.count; f++) {
    out.push(PER_FOLIO.map((name) => t[name][f]));
    for (let h = 0; h < NR_HOLDERS; h++) out.push(t.held(f, h));
  }
  return out;
}

describe("FolioTable.reset", () => {
  it("makes a used table hold what a new one would, used the same way", () => {
    fc.assert(
      fc.property(OPS, OPS, fc.constantFrom(2, 4, 64), (before, after, capacity) => {
        const t = use(new FolioTable(capacity), before);
        t.maxCount = 100;
        t.reset();
        expect(contents(use(t, after))).toEqual(contents(use(new FolioTable(4), after)));
      }),
      { seed: 5 },
    );
  });
});
