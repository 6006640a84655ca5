import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { traceScenario } from "../../lab/run/trace_run.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { timelineOf } from "./timeline.ts";

const pkvm = loadScenario("pkvm-mlock-onfault");

describe("timelineOf", () => {
  // pkvm-mlock-onfault on v6.15, seed 4: `pinsim explain` says folio 213's extra reference is held
  // by the mlock batch of CPU 7 (crosvm's mlock_folio), while the vCPU pins on CPU 3.
  const t = timelineOf(traceScenario(pkvm, resolveKernel("v6.15"), 4).events);

  it("follows the folio whose migration check failed first, and marks the batch holding its extra reference", () => {
    expect(t.folio).toBe(213);
    expect(t.cpus).toEqual([3, 7]);
    const extra = t.stays.filter((s) => s.extra);
    expect(extra.map((s) => [s.batch, s.batch_cpu])).toEqual([["mlock", 7]]);
    const failed = t.checks.filter((c) => !c.ok);
    expect(failed.length).toBe(10);
    // The extra stay covers every failed check: the reference was still held at each.
    for (const c of failed) expect(extra[0]!.from_ns <= c.t_ns && c.t_ns <= extra[0]!.to_ns).toBe(true);
  });

  it("the ledger adds up: the holders' references are the refcount, a pin counting 1024", () => {
    expect(t.ledger.length).toBeGreaterThan(0);
    for (const step of t.ledger) {
      const sum = Object.entries(step.holders).reduce((a, [h, n]) => a + (h === "gup-pin" ? n * 1024 : n), 0);
      expect(sum).toBe(step.refcount);
    }
  });

  it("slices nest per task and lie within the run, on any seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.constantFrom("v6.15", "v6.17"), (seed, kernel) => {
        const tl = timelineOf(traceScenario(pkvm, resolveKernel(kernel), seed).events);
        for (const s of tl.slices) {
          expect(s.start_ns).toBeLessThanOrEqual(s.end_ns);
          expect(s.end_ns).toBeLessThanOrEqual(tl.end_ns);
          const parent = tl.slices.find(
            (p) =>
              p.task === s.task &&
              p.depth === s.depth - 1 &&
              p.start_ns <= s.start_ns &&
              s.end_ns <= p.end_ns,
          );
          if (s.depth > 0) expect(parent).toBeDefined();
        }
        if (tl.folio === null) expect(tl.ledger).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });
});
