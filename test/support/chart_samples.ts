// Small, fixed chart inputs shaped like real pinsim results: the golden-file tests render them,
// and chart_render_samples.ts turns them into PNGs to look at.

import { wilsonInterval } from "../../src/lab/compare/stats.ts";
import type { BarChartInput } from "../../src/report/charts/bar.ts";
import type { LineChartInput, LinePoint } from "../../src/report/charts/line.ts";

const KERNELS = ["v5.15.170", "v6.1.115", "v6.6.60", "v6.12.1"];
const FAILURES_PER_10K = [212, 87, 31, 0];
const DRAINS_PER_PIN = [2.6, 1.4, 0.8, 0.35];

export function sampleBarInput(): BarChartInput {
  const rates = FAILURES_PER_10K.map((f) => wilsonInterval(f, 10_000));
  return {
    title: "Longterm pin failures by kernel (10 000 pins each)",
    categories: KERNELS,
    series: [
      {
        name: "failure rate (95% CI)",
        values: rates.map((r) => r.p),
        low: rates.map((r) => r.low),
        high: rates.map((r) => r.high),
        axis: "left",
      },
      { name: "drains per pin", values: DRAINS_PER_PIN, axis: "right" },
    ],
    leftLabel: "failure rate",
    leftFormat: "percent",
    rightLabel: "drains per pin",
    rightFormat: "number",
  };
}

const HOLD_NS = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

function ratePoints(failures: readonly number[], n: number): LinePoint[] {
  return HOLD_NS.map((x, i) => {
    const r = wilsonInterval(failures[i]!, n);
    return { x, y: r.p, low: r.low, high: r.high };
  });
}

function latencyPoints(p99_ns: readonly number[]): LinePoint[] {
  return HOLD_NS.map((x, i) => ({ x, y: p99_ns[i]! }));
}

export function sampleLineInput(): LineChartInput {
  return {
    title: "Pin failure rate vs. pin hold time",
    xLabel: "pin hold time",
    xLog: true,
    xFormat: "ns",
    yLabel: "failure rate",
    yFormat: "percent",
    rightLabel: "p99 pin latency",
    rightFormat: "ns",
    lines: [
      { name: "v6.1.115", points: ratePoints([2, 3, 9, 21, 48, 95, 160], 2000), colorIndex: 0 },
      { name: "v6.12.1", points: ratePoints([0, 1, 2, 5, 11, 24, 41], 2000), colorIndex: 1 },
      {
        name: "v6.1.115 p99",
        points: latencyPoints([180_000, 190_000, 240_000, 410_000, 900_000, 1_400_000, 1_900_000]),
        dashed: true,
        axis: "right",
        colorIndex: 0,
      },
      {
        name: "v6.12.1 p99",
        points: latencyPoints([120_000, 125_000, 150_000, 210_000, 380_000, 520_000, 700_000]),
        dashed: true,
        axis: "right",
        colorIndex: 1,
      },
    ],
  };
}
