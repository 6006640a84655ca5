// FolioBatch.reset, how the model checker's executions reuse one kernel's per-CPU batches: a
// reset batch, used again, behaves exactly as a new batch used the same way, whatever it held
// before (grown past its full size or not, taken, entries removed, or left full).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FolioBatch } from "./folio_batch.ts";

type Op =
  | { kind: "add"; folio: number; tag: number; ns: number }
  | { kind: "take" }
  | { kind: "remove"; folio: number };

const OP: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), folio: fc.nat(20), tag: fc.nat(2), ns: fc.nat() }),
  fc.record({ kind: fc.constant("take" as const) }),
  fc.record({ kind: fc.constant("remove" as const), folio: fc.nat(20) }),
);

/** Everything the batch answers under `ops`: add's space left, take's count, indexOf, the entries. */
function use(b: FolioBatch, ops: readonly Op[], size: number): unknown[] {
  const seen: unknown[] = [];
  for (const o of ops) {
    if (o.kind === "add") seen.push(b.add(o.folio, o.tag, o.ns, `t${o.folio}`, size));
    else if (o.kind === "take") {
      const n = b.take();
      // The taken entries stay readable until the next add: drains loop over them.
      seen.push(n, Array.from(b.folios.subarray(0, n)), Array.from(b.tags.subarray(0, n)));
    } else {
      const i = b.indexOf(o.folio);
      seen.push(i);
      if (i >= 0) b.removeAt(i);
    }
    const entries = [];
    for (let i = 0; i < b.nr; i++) entries.push([b.folios[i], b.tags[i], b.queued_ns[i], b.queued_by[i]]);
    seen.push(b.nr, entries);
  }
  return seen;
}

describe("FolioBatch.reset", () => {
  it("makes a used batch behave as a new one, used the same way", () => {
    const ops = fc.array(OP, { maxLength: 60 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), ops, ops, (size, before, after) => {
        const b = new FolioBatch(1, 3, size);
        use(b, before, size);
        b.reset();
        expect(b.nr).toBe(0);
        expect(use(b, after, size)).toEqual(use(new FolioBatch(1, 3, size), after, size));
      }),
      { seed: 13 },
    );
  });
});
