import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Prng } from "../engine/prng.ts";
import { sampleHold_ns } from "./hold_sample.ts";
import { seededDraws } from "./program/draws.ts";
import { selectPages } from "./program/pages.ts";
import { TaskState } from "./program/task_state.ts";
import { actorStream } from "./spawn.ts";

describe("hold sampling", () => {
  it("stays within the distribution's support, as whole nanoseconds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer(),
        (a, b, seed) => {
          const prng = new Prng(seed);
          const [min_ns, max_ns] = a <= b ? [a, b] : [b, a];
          const u = sampleHold_ns(prng, { dist: "uniform", min_ns, max_ns });
          expect(u).toBeGreaterThanOrEqual(min_ns);
          expect(u).toBeLessThanOrEqual(max_ns);
          for (const h of [
            sampleHold_ns(prng, { dist: "exponential", mean_ns: max_ns + 1 }),
            sampleHold_ns(prng, { dist: "lognormal", median_ns: max_ns + 1, sigma: 1 }),
          ]) {
            expect(Number.isInteger(h)).toBe(true);
            expect(h).toBeGreaterThanOrEqual(0);
          }
          expect(sampleHold_ns(prng, { dist: "fixed", value_ns: a })).toBe(a);
        },
      ),
    );
  });

  it("exponential holds have about the asked-for mean", () => {
    const prng = new Prng(42);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += sampleHold_ns(prng, { dist: "exponential", mean_ns: 10_000 });
    expect(sum / 20_000).toBeGreaterThan(9_600);
    expect(sum / 20_000).toBeLessThan(10_400);
  });

  it("a random page selection is a contiguous in-region run", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer(),
        (nr, n, seed) => {
          const ts = new TaskState("t", seededDraws(new Prng(seed)));
          const r = selectPages(ts, nr, { kind: "random", count: n });
          expect(r.count).toBe(Math.min(n, nr));
          expect(r.first).toBeGreaterThanOrEqual(0);
          expect(r.first + r.count).toBeLessThanOrEqual(nr);
        },
      ),
    );
  });

  it("actor streams depend on the name only and stay clear of the kernel's jitter streams", () => {
    expect(actorStream("gpu-1")).toBe(actorStream("gpu-1"));
    expect(actorStream("gpu-1")).not.toBe(actorStream("gpu-2"));
    expect(actorStream("x") & 0x10000).toBe(0x10000);
  });
});
