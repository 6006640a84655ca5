import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../scenarios/index.ts";
import { applyVary, parseRange, parseVary } from "./sweep_param.ts";

describe("--vary ranges", () => {
  it("a..b:n has n values from a to b, increasing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 20 }),
        (a, d, n) => {
          const v = parseRange(`${a}..${a + d}:${n}`, false, true);
          expect(v.length).toBe(n);
          expect(v[0]).toBe(a);
          expect(v.at(-1)).toBe(a + d);
          for (let i = 1; i < n; i++) expect(v[i]!).toBeGreaterThanOrEqual(v[i - 1]!);
        },
      ),
    );
  });

  it("durations take units and wide ranges are log-spaced", () => {
    expect(parseRange("1us..1s:4", true, true)).toEqual([1_000, 100_000, 10_000_000, 1_000_000_000]);
    expect(parseRange("10us,1ms", true, true)).toEqual([10_000, 1_000_000]);
  });
});

describe("applyVary", () => {
  const s = loadScenario("gpu-transient-refs");

  it("sets a fixed hold by actor kind and stretches the stop time", () => {
    const v = applyVary(s, "gpu.hold", 2_000_000);
    const gpu = v.actors.find((a) => a.kind === "gpu")!;
    expect(gpu).toMatchObject({ hold: { dist: "fixed", value_ns: 2_000_000 } });
    expect(v.stop_ns).toBe(s.stop_ns + 24_000_000);
    expect(s.actors.find((a) => a.kind === "gpu")).toMatchObject({
      hold: { dist: "fixed", value_ns: 200_000 },
    }); // original untouched
  });

  it("reaches machine fields and costs", () => {
    expect(applyVary(s, "machine.cpus", 8).machine.cpus).toBe(8);
    expect(applyVary(s, "costs.kworker_wakeup_ns", 50_000).costs.kworker_wakeup_ns).toBe(50_000);
  });

  it("parseVary marks durations and log spacing", () => {
    const v = parseVary("gpu.hold=1us..1s:7", s);
    expect([v.isDuration, v.log, v.values.length]).toEqual([true, true, 7]);
    expect(parseVary("io_uring.registrations=1..5:5", s)).toMatchObject({
      isDuration: false,
      log: false,
      values: [1, 2, 3, 4, 5],
    });
  });
});
