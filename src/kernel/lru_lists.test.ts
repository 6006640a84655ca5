import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FolioTable, NO_FOLIO } from "./folio_table.ts";
import { LruLists, NR_LRU_LISTS } from "./lru_lists.ts";

function walk(lru: LruLists, t: FolioTable, list: number): number[] {
  const out: number[] = [];
  for (let f = lru.head[list]!; f !== NO_FOLIO; f = t.lruNext[f]!) out.push(f);
  return out;
}

describe("LruLists", () => {
  it("behaves like a set of per-list sequences under add/del", () => {
    const step = fc.record({ folio: fc.nat(15), list: fc.nat(NR_LRU_LISTS - 1), tail: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const t = new FolioTable(16);
        for (let i = 0; i < 16; i++) t.create(0, 0, 0);
        const lru = new LruLists();
        const model: number[][] = Array.from({ length: NR_LRU_LISTS }, () => []);
        for (const { folio, list, tail } of steps) {
          const on = t.lruList[folio]! - 1;
          if (on >= 0) {
            lru.del(t, folio);
            model[on] = model[on]!.filter((x) => x !== folio);
          } else {
            lru.add(t, folio, list, tail);
            if (tail) model[list]!.push(folio);
            else model[list]!.unshift(folio);
          }
        }
        for (let l = 0; l < NR_LRU_LISTS; l++) {
          expect(walk(lru, t, l)).toEqual(model[l]);
          expect(lru.size[l]).toBe(model[l]!.length);
        }
      }),
    );
  });

  it("refuses to add a folio twice", () => {
    const t = new FolioTable(2);
    const f = t.create(0, 0, 0);
    const lru = new LruLists();
    lru.add(t, f, 0);
    expect(() => lru.add(t, f, 1)).toThrow();
  });
});
