import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HISTOGRAM_MAX_NS, LatencyHistogram, percentileExact, wilsonInterval } from "./stats.ts";

describe("wilsonInterval", () => {
  it("matches published values", () => {
    const zero = wilsonInterval(0, 1000);
    expect(zero.p).toBe(0);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.003827, 6);

    const half = wilsonInterval(50, 100);
    expect(half.p).toBe(0.5);
    expect(half.low).toBeCloseTo(0.4038, 4);
    expect(half.high).toBeCloseTo(0.5962, 4);

    const all = wilsonInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.7225, 4);
  });

  it("gives the uninformative interval for n = 0", () => {
    expect(wilsonInterval(0, 0)).toEqual({ p: 0, low: 0, high: 1 });
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });

  it("always contains p inside [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, f) => {
          const s = Math.floor(f * n);
          const { low, high, p } = wilsonInterval(s, n);
          expect(0 <= low && low <= p && p <= high && high <= 1).toBe(true);
        },
      ),
    );
  });
});

describe("percentileExact", () => {
  it("uses nearest rank", () => {
    const xs = [15, 20, 35, 40, 50];
    expect(percentileExact(xs, 0)).toBe(15);
    expect(percentileExact(xs, 30)).toBe(20);
    expect(percentileExact(xs, 40)).toBe(20);
    expect(percentileExact(xs, 50)).toBe(35);
    expect(percentileExact(xs, 100)).toBe(50);
    expect(percentileExact([], 50)).toBe(0);
    expect(() => percentileExact(xs, 101)).toThrow(RangeError);
  });
});

// Latencies spread over many orders of magnitude, as pin latencies are (ns to seconds).
const latency_ns = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.integer({ min: 0, max: HISTOGRAM_MAX_NS }),
);
const percentile = fc.oneof(
  fc.constantFrom(0, 50, 90, 99, 99.9, 100),
  fc.double({ min: 0, max: 100, noNaN: true }),
);

function histogramOf(values: readonly number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

describe("LatencyHistogram", () => {
  it("is never below the exact percentile and at most 1/64 above it", () => {
    fc.assert(
      fc.property(fc.array(latency_ns, { minLength: 1, maxLength: 300 }), percentile, (values, p) => {
        const exact = percentileExact(
          [...values].sort((a, b) => a - b),
          p,
        );
        const got = histogramOf(values).percentile(p);
        expect(got).toBeGreaterThanOrEqual(exact);
        expect(got - exact).toBeLessThanOrEqual(exact / 64);
        if (exact < 128) expect(got).toBe(exact);
      }),
      { numRuns: 500 },
    );
  });

  it("tracks count, min and max exactly", () => {
    fc.assert(
      fc.property(fc.array(latency_ns, { minLength: 1, maxLength: 100 }), (values) => {
        const h = histogramOf(values);
        expect(h.count).toBe(values.length);
        expect(h.min_ns).toBe(Math.min(...values));
        expect(h.max_ns).toBe(Math.max(...values));
        expect(h.percentile(100)).toBe(h.max_ns);
      }),
    );
  });

  it("merges like recording everything into one", () => {
    fc.assert(
      fc.property(fc.array(latency_ns), fc.array(latency_ns), percentile, (a, b, p) => {
        const merged = histogramOf(a);
        merged.merge(histogramOf(b));
        const whole = histogramOf([...a, ...b]);
        expect(merged.toJSON()).toEqual(whole.toJSON());
        expect(merged.percentile(p)).toBe(whole.percentile(p));
      }),
    );
  });

  it("round-trips through JSON text", () => {
    fc.assert(
      fc.property(fc.array(latency_ns), (values) => {
        const h = histogramOf(values);
        const back = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(h)));
        expect(back.toJSON()).toEqual(h.toJSON());
        expect(back.count).toBe(h.count);
        expect(back.min_ns).toBe(h.min_ns);
        expect(back.max_ns).toBe(h.max_ns);
      }),
    );
  });

  it("keeps memory bounded however wide the values", () => {
    const h = histogramOf([0, 1, 1_000, 1_000_000_000, HISTOGRAM_MAX_NS]);
    h.record(HISTOGRAM_MAX_NS, 1_000_000);
    expect(h.toJSON().buckets.length).toBe(5);
    expect(h.percentile(99)).toBe(HISTOGRAM_MAX_NS);
  });

  it("reports 0 when empty and rejects bad input", () => {
    const h = new LatencyHistogram();
    expect([h.count, h.min_ns, h.max_ns, h.percentile(99)]).toEqual([0, 0, 0, 0]);
    expect(() => h.record(-1)).toThrow(RangeError);
    expect(() => h.record(1.5)).toThrow(RangeError);
    expect(() => h.record(2 ** 53)).toThrow(RangeError);
    expect(() => h.percentile(-1)).toThrow(RangeError);
  });

  it("rejects inconsistent JSON", () => {
    const json = histogramOf([5, 500]).toJSON();
    expect(() => LatencyHistogram.fromJSON({ ...json, count: 3 })).toThrow(RangeError);
    expect(() => LatencyHistogram.fromJSON({ ...json, max_ns: 5 })).toThrow(RangeError);
    expect(() =>
      LatencyHistogram.fromJSON({
        ...json,
        buckets: [
          [5, 1],
          [5, 1],
        ],
      }),
    ).toThrow(RangeError);
  });
});
