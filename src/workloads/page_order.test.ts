import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Engine } from "../engine/engine.ts";
import { TimedStrategy } from "../engine/timed.ts";
import { PageOrder } from "./page_order.ts";

describe("PageOrder", () => {
  it("random order is a permutation of the region per cycle, reproducible from the seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, seed) => {
        const draw = () => {
          const order = new PageOrder(new Engine(1, new TimedStrategy(seed)), n, true, "t");
          return Array.from({ length: 2 * n }, () => order.next());
        };
        const pages = draw();
        expect([...pages.slice(0, n)].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect([...pages.slice(n)].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(draw()).toEqual(pages);
      }),
    );
  });

  it("sequential order walks the region and wraps", () => {
    const order = new PageOrder(new Engine(1, new TimedStrategy(1)), 3, false, "t");
    expect(Array.from({ length: 5 }, () => order.next())).toEqual([0, 1, 2, 0, 1]);
  });
});
