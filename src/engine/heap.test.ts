import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventHeap } from "./heap.ts";

describe("EventHeap", () => {
  it("pops in (time, insertion order) order under any mix of push, pop, take and peek", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), time: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ kind: fc.constant("pop" as const) }),
      fc.record({ kind: fc.constant("take" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap = new EventHeap(2);
        const model: { time: number; id: number }[] = [];
        let id = 0;
        for (const o of ops) {
          if (o.kind === "push") {
            heap.push(o.time, id, 0);
            model.push({ time: o.time, id: id++ });
            model.sort((a, b) => a.time - b.time || a.id - b.id);
          } else if (model.length > 0) {
            const want = model.shift()!;
            expect([heap.peekTime(), heap.peekPayload()]).toEqual([want.time, want.id]);
            if (o.kind === "take") heap.take();
            else heap.pop();
          }
          expect(heap.size).toBe(model.length);
        }
      }),
    );
  });
});
