import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CalendarQueue } from "./calendar_queue.ts";

/** Times with many ties (small integers), spread (doubles) and far outliers, in one run. */
const time = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 0, max: 5000 }),
  fc.double({ min: 0, max: 1e12, noNaN: true }),
);

describe("CalendarQueue", () => {
  it("pops in (time, insertion order) order under any mix of push, pop, take and peek", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), time }),
      fc.record({ kind: fc.constant("pop" as const) }),
      fc.record({ kind: fc.constant("take" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const queue = new CalendarQueue(2);
        const model: { time: number; id: number }[] = [];
        let id = 0;
        for (const o of ops) {
          if (o.kind === "push") {
            queue.push(o.time, id, ~id);
            model.push({ time: o.time, id: id++ });
            model.sort((a, b) => a.time - b.time || a.id - b.id);
          } else if (model.length > 0) {
            const want = model.shift()!;
            expect([queue.timeAt(queue.peek()), queue.payloadAt(queue.peek())]).toEqual([want.time, want.id]);
            const slot = queue.peek();
            expect([queue.timeAt(slot), queue.payloadAt(slot), queue.tokenAt(slot)]).toEqual([
              want.time,
              want.id,
              ~want.id,
            ]);
            if (o.kind === "take") queue.take();
            else queue.pop();
          }
          expect(queue.size).toBe(model.length);
          if (model.length === 0) expect(queue.peek()).toBe(-1);
        }
      }),
    );
  });

  it("keeps the order through re-sizing: 5000 events of an exponential race, pushed as they pop", () => {
    const queue = new CalendarQueue();
    let x = 12345;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return -Math.log(1 - x / 2 ** 32) * 10_000;
    };
    for (let i = 0; i < 5000; i++) queue.push(next(), i, 0);
    let last = -1;
    for (let i = 0; i < 45_000; i++) {
      const t = queue.timeAt(queue.peek());
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      queue.take();
      if (i < 40_000) queue.push(t + next(), i, 0);
    }
    expect(queue.size).toBe(0);
  });

  it("keeps the order while it grows, shrinks and re-measures its width across phases of other time scales", () => {
    // Each phase pushes events at its own scale (re-arming ones taken, as the engine does), then
    // drains part of the queue: the ring grows, shrinks below a quarter and re-builds mid-stream.
    const phase = fc.record({
      push: fc.integer({ min: 0, max: 300 }),
      drain: fc.integer({ min: 0, max: 300 }),
      scale: fc.constantFrom(0, 1, 50, 10_000, 1e9),
    });
    fc.assert(
      fc.property(fc.array(phase, { maxLength: 8 }), fc.integer(), (phases, seed) => {
        const queue = new CalendarQueue();
        const model: { time: number; id: number }[] = [];
        let x = seed >>> 0;
        const rand = () => {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          return x / 2 ** 32;
        };
        let id = 0;
        let now = 0;
        const push = (time: number) => {
          queue.push(time, id, 0);
          model.push({ time, id: id++ });
        };
        for (const p of phases) {
          for (let i = 0; i < p.push; i++) push(now + Math.floor(rand() * p.scale));
          model.sort((a, b) => a.time - b.time || a.id - b.id);
          for (let i = 0; i < p.drain && model.length > 0; i++) {
            const want = model.shift()!;
            expect([queue.timeAt(queue.peek()), queue.payloadAt(queue.peek())]).toEqual([want.time, want.id]);
            now = want.time;
            queue.take();
            if (i % 3 === 0) {
              push(now + Math.floor(rand() * p.scale));
              model.sort((a, b) => a.time - b.time || a.id - b.id);
            }
          }
          expect(queue.size).toBe(model.length);
        }
      }),
    );
  });

  it("keeps equal times in push order through re-builds, with slots re-used out of order", () => {
    // The queue stores no insertion counter: ties rely on a bucket's list order and a stable
    // re-build. Few distinct times, freed slots handed out again, and sizes that grow and shrink
    // the ring make re-builds meet ties in any slot order.
    const step = fc.record({ push: fc.integer({ min: 0, max: 80 }), take: fc.integer({ min: 0, max: 80 }) });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        (steps, distinct) => {
          const queue = new CalendarQueue(2);
          const model: { time: number; id: number }[] = [];
          let id = 0;
          let now = 0;
          for (const st of steps) {
            for (let i = 0; i < st.push; i++) {
              const time = now + ((id * 7919) % distinct);
              queue.push(time, id, 0);
              model.push({ time, id: id++ });
            }
            model.sort((a, b) => a.time - b.time || a.id - b.id);
            for (let i = 0; i < st.take && model.length > 0; i++) {
              const want = model.shift()!;
              expect([queue.timeAt(queue.peek()), queue.payloadAt(queue.peek())]).toEqual([
                want.time,
                want.id,
              ]);
              now = want.time;
              if (i % 2 === 0) queue.take();
              else queue.pop();
            }
          }
          expect(queue.size).toBe(model.length);
        },
      ),
    );
  });
});
