import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FolioTable, sumLedger8 } from "./folio_table.ts";
import { GUP_PIN_COUNTING_BIAS, H_GUP_PIN, H_MAPPING, NR_HOLDERS } from "./holders.ts";

describe("FolioTable ledger", () => {
  it("refcount equals the ledger sum after any sequence of gets and puts", () => {
    const op = fc.record({
      holder: fc.integer({ min: 0, max: NR_HOLDERS - 1 }),
      n: fc.integer({ min: -3, max: 3 }),
    });
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 60 }), (large, ops) => {
        const t = new FolioTable(4);
        const f = t.create(large ? 9 : 0, 0, 0);
        for (const { holder, n } of ops) {
          const before = t.held(f, holder);
          if (before + n < 0) {
            expect(() => t.addRefs(f, holder, n)).toThrow(RangeError);
            continue;
          }
          t.addRefs(f, holder, n);
        }
        expect(t.refcount[f]).toBe(t.ledgerSum(f));
      }),
    );
  });

  it("a pin weighs GUP_PIN_COUNTING_BIAS on a small folio and 1 on a large one (§1.1)", () => {
    const t = new FolioTable(4);
    const small = t.create(0, 0, 0);
    const large = t.create(9, 0, 0);
    t.addRefs(small, H_MAPPING, 1);
    t.addRefs(small, H_GUP_PIN, 1);
    t.addRefs(large, H_GUP_PIN, 1);
    expect(t.refcount[small]).toBe(1 + GUP_PIN_COUNTING_BIAS);
    expect(t.refcount[large]).toBe(1);
  });

  it("holds 70,000 pins of one page, as the kernel's 32-bit counters do, and drops them again", () => {
    const t = new FolioTable(4);
    const small = t.create(0, 0, 0);
    const large = t.create(9, 0, 0);
    t.addRefs(small, H_MAPPING, 1);
    for (let i = 0; i < 70_000; i++) {
      t.addRefs(small, H_GUP_PIN, 1);
      t.addRefs(large, H_GUP_PIN, 1);
    }
    expect(t.held(small, H_GUP_PIN)).toBe(70_000);
    expect(t.refcount[small]).toBe(1 + 70_000 * GUP_PIN_COUNTING_BIAS);
    expect(t.held(large, H_GUP_PIN)).toBe(70_000);
    expect(t.refcount[large]).toBe(70_000);
    expect([t.ledgerSum(small), t.ledgerSum(large)]).toEqual([t.refcount[small], t.refcount[large]]);
    expect(t.held(small, H_MAPPING)).toBe(1); // the neighbouring holder is untouched
    for (let i = 0; i < 70_000; i++) t.addRefs(small, H_GUP_PIN, -1);
    expect([t.held(small, H_GUP_PIN), t.refcount[small], t.ledgerSum(small)]).toEqual([0, 1, 1]);
    expect(() => t.addRefs(small, H_GUP_PIN, -1)).toThrow(RangeError);
  });

  it("refuses a reference that would wrap the 32-bit refcount", () => {
    const t = new FolioTable(4);
    const small = t.create(0, 0, 0);
    t.addRefs(small, H_GUP_PIN, 2_000_000); // 2,048,000,000: still fits
    expect(() => t.addRefs(small, H_GUP_PIN, 200_000)).toThrow(RangeError);
    expect(t.held(small, H_GUP_PIN)).toBe(2_000_000);
    expect(t.refcount[small]).toBe(t.ledgerSum(small));
  });

  it("keeps counts past 255 exact through growth, and back below", () => {
    const op = fc.record({
      holder: fc.integer({ min: 0, max: NR_HOLDERS - 1 }),
      n: fc.integer({ min: -300, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const t = new FolioTable(1);
        const model: number[][] = [];
        for (const { holder, n } of ops) {
          const f = t.create(9, 0, 0); // a new slot per op: the table grows under the counts
          model.push(new Array(NR_HOLDERS).fill(0));
          for (const g of [0, f]) {
            if (model[g]![holder]! + n < 0) continue;
            t.addRefs(g, holder, n);
            model[g]![holder]! += n;
          }
        }
        for (let f = 0; f < t.count; f++) {
          for (let h = 0; h < NR_HOLDERS; h++) expect(t.held(f, h)).toBe(model[f]![h]);
          expect(t.refcount[f]).toBe(t.ledgerSum(f));
        }
      }),
    );
  });

  it("reset() leaves an empty table whose new folios start clear", () => {
    const t = new FolioTable(2);
    for (let i = 0; i < 5; i++) {
      const f = t.create(9, 1, 1);
      t.addRefs(f, H_MAPPING, 300);
      t.set(f, 1);
      t.mlockCount[f] = 7;
    }
    t.maxCount = 5;
    t.reset();
    expect([t.count, t.maxCount]).toEqual([0, Number.POSITIVE_INFINITY]);
    const fresh = new FolioTable(2);
    for (let i = 0; i < 5; i++) {
      const f = t.create(0, 0, 0);
      const g = fresh.create(0, 0, 0);
      for (let h = 0; h < NR_HOLDERS; h++) expect(t.held(f, h)).toBe(fresh.held(g, h));
      expect([t.refcount[f], t.flags[f], t.mlockCount[f], t.mapcount[f]]).toEqual([0, 0, 0, 0]);
    }
  });

  it("grows without losing state and stays within 64 bytes per folio", () => {
    const t = new FolioTable(2);
    for (let i = 0; i < 100; i++) t.addRefs(t.create(0, 1, 0), H_MAPPING, i % 5);
    for (let f = 0; f < 100; f++) expect(t.held(f, H_MAPPING)).toBe(f % 5);
    expect(FolioTable.BYTES_PER_FOLIO).toBeLessThanOrEqual(64);
  });
});

describe("sumLedger8", () => {
  it("sums the holder counts of one folio's ledger slots, and no other slot", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 3 * NR_HOLDERS, maxLength: 3 * NR_HOLDERS }),
        fc.nat({ max: 2 }),
        (ledger, f) => {
          let want = 0;
          for (let h = 0; h < NR_HOLDERS; h++) want += ledger[f * NR_HOLDERS + h]!;
          expect(sumLedger8(ledger, f * NR_HOLDERS)).toBe(want);
        },
      ),
      { seed: 11 },
    );
  });
});
