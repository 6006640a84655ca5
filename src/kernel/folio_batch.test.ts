import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FolioBatch } from "./folio_batch.ts";

interface Entry {
  folio: number;
  tag: number;
  ns: number;
  by: string;
}

/** The batch's entries 0..nr-1, read back from its arrays. */
function entries(b: FolioBatch): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < b.nr; i++)
    out.push({ folio: b.folios[i]!, tag: b.tags[i]!, ns: b.queued_ns[i]!, by: b.queued_by[i]! });
  return out;
}

describe("FolioBatch", () => {
  it("behaves as a list of entries under add, take and removeAt, past its full size too", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), folio: fc.nat(50), tag: fc.nat(2), ns: fc.nat() }),
      fc.record({ kind: fc.constant("take" as const) }),
      fc.record({ kind: fc.constant("remove" as const), folio: fc.nat(50) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 80 }), (size, ops) => {
        const b = new FolioBatch(0, 0, size);
        let model: Entry[] = [];
        for (const o of ops) {
          if (o.kind === "add") {
            const entry = { folio: o.folio, tag: o.tag, ns: o.ns, by: `t${o.folio}` };
            model.push(entry);
            expect(b.add(o.folio, o.tag, o.ns, entry.by, size)).toBe(size - model.length);
          } else if (o.kind === "take") {
            const taken = entries(b);
            expect(b.take()).toBe(model.length);
            expect(b.nr).toBe(0);
            // What was taken stays readable until the next add: the drain loops over it.
            for (let i = 0; i < taken.length; i++) expect(b.folios[i]).toBe(model[i]!.folio);
            expect(taken).toEqual(model);
            model = [];
          } else {
            const i = model.findIndex((e) => e.folio === o.folio);
            expect(b.indexOf(o.folio)).toBe(i);
            if (i >= 0) {
              b.removeAt(i);
              model.splice(i, 1);
            }
          }
          expect(entries(b)).toEqual(model);
        }
      }),
    );
  });
});
