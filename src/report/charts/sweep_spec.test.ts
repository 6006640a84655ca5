import { describe, expect, it } from "vitest";
import { kernelWith } from "../../../test/support/summaries.ts";
import type { SweepResult } from "../../lab/compare/sweep.ts";
import { compileWarnings } from "./render.ts";
import { decades, sweepRows, sweepSpec } from "./sweep_spec.ts";

const KERNELS = ["v6.18", "v6.18+hubbard-wait", "v6.18+hubbard-wait=10ms"];

function sweepOf(values: number[], log = true): SweepResult {
  return {
    scenario: "gpu-transient-refs",
    vary: { param: "gpu.hold", values, isDuration: true, log },
    kernels: KERNELS,
    runs: 50,
    seed: 1,
    points: values.map((_, i) => [
      kernelWith(KERNELS[0]!, { failed: i * 10, p99: 299_000 }),
      kernelWith(KERNELS[1]!, { p99: 918_000 * (i + 1) }),
      i === values.length - 1
        ? kernelWith(KERNELS[2]!, { pins: 0 })
        : kernelWith(KERNELS[2]!, { p99: 918_000 }),
    ]),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a spec is walked as plain JSON here
type Json = any;

const VALUES = [1e3, 1e5, 2e9];

describe("sweepSpec", () => {
  const spec = sweepSpec(sweepOf(VALUES)) as Json;
  const [failure, latency] = spec.vconcat as Json[];

  it("carries one row per value and kernel, null where no pin completed", () => {
    const rows = sweepRows(sweepOf(VALUES));
    expect(rows).toHaveLength(VALUES.length * KERNELS.length);
    expect(spec.data.values).toEqual(rows);
    const none = rows.find((r) => r.kernel === KERNELS[2] && r.x === 2e9)!;
    expect([none.failure_rate, none.p99_ns]).toEqual([null, null]);
    expect(rows.find((r) => r.kernel === KERNELS[0] && r.x === 1e5)!.failure_rate).toBeCloseTo(0.1);
  });

  it("runs the x axis from the first value to the last, on a log scale for log-spaced values", () => {
    const x = failure.layer[1].encoding.x;
    expect(x.scale).toMatchObject({ type: "log", domain: [1e3, 2e9], nice: false });
    expect(x.axis.values).toEqual(decades(1e3, 2e9));
    const linear = (sweepSpec(sweepOf([1, 2, 3], false)) as Json).vconcat[0].layer[1].encoding.x;
    expect(linear.scale).toMatchObject({ domain: [1, 3], zero: false });
    expect(linear.scale.type).toBeUndefined();
  });

  it("draws failures on a 0-100% axis and p99 latency on a log axis in separate panels", () => {
    expect(failure.layer[1].encoding.y).toMatchObject({ field: "failure_rate", scale: { domain: [0, 1] } });
    expect(failure.layer[0].encoding).toMatchObject({ y: { field: "ci_low" }, y2: { field: "ci_high" } });
    const y = latency.layer[0].encoding.y;
    expect(y.field).toBe("p99_ns");
    expect(y.scale.type).toBe("log");
    expect(y.scale.domain).toEqual([1e5, 1e7]); // whole decades around 299 µs .. 2.75 ms
  });

  it("names every kernel at its last point instead of a legend, full names", () => {
    const labels = failure.layer.at(-1);
    expect(labels.mark.type).toBe("text");
    expect(labels.data.values.map((l: Json) => [l.kernel, l.x])).toEqual([
      [KERNELS[0], 2e9],
      [KERNELS[1], 2e9],
      [KERNELS[2], 1e5], // its last point with a value
    ]);
    expect(failure.layer[1].encoding.color.legend).toBeNull();
    expect(failure.layer[1].encoding.color.scale.domain).toEqual(KERNELS);
  });

  it("gives overlapping kernels different dashes and point shapes", () => {
    const dashes = latency.layer[0].encoding.strokeDash.scale.range;
    expect(new Set(dashes.map(String)).size).toBe(KERNELS.length);
    expect(new Set(latency.layer[1].encoding.shape.scale.range).size).toBe(KERNELS.length);
  });

  it("compiles with Vega-Lite without a warning", () => {
    expect(compileWarnings(sweepSpec(sweepOf(VALUES)))).toEqual([]);
    expect(compileWarnings(sweepSpec(sweepOf([1, 2, 3], false)))).toEqual([]);
  });
});

describe("decades", () => {
  it("lists the powers of ten inside a range", () => {
    expect(decades(1e3, 2e9)).toEqual([1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]);
    expect(decades(100, 100)).toEqual([100]);
  });
});
