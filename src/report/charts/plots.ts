// The charts pinsim draws from its results: failure rate with 95% CIs and drains per pin for a
// comparison; failure probability and p99 pin latency against a swept parameter.

import type { Comparison } from "../../lab/compare/summary.ts";
import type { SweepResult } from "../../lab/compare/sweep.ts";
import { type BarChartInput, renderBarChart } from "./bar.ts";
import { type LineChartInput, renderLineChart } from "./line.ts";

export function comparisonChart(c: Comparison): string {
  const input: BarChartInput = {
    title: `${c.scenario}: pin failure rate and drains (${c.runs} runs/kernel, seed ${c.seed})`,
    categories: c.results.map((r) => r.kernel),
    series: [
      {
        name: "pins failed (95% CI)",
        values: c.results.map((r) => r.failure_rate),
        low: c.results.map((r) => r.ci95.low),
        high: c.results.map((r) => r.ci95.high),
        axis: "left",
      },
      {
        name: "global drains per pin",
        values: c.results.map((r) => perPin(r.drains_global, r.pins_attempted)),
        axis: "right",
      },
      {
        name: "local drains per pin",
        values: c.results.map((r) => perPin(r.drains_local, r.pins_attempted)),
        axis: "right",
      },
    ],
    leftLabel: "pins failed",
    leftFormat: "percent",
    rightLabel: "drains per pin",
  };
  return renderBarChart(input);
}

export function sweepChart(s: SweepResult): string {
  const x = (i: number) => s.vary.values[i]!;
  const input: LineChartInput = {
    title: `${s.scenario}: pin failure probability vs ${s.vary.param} (${s.runs} runs/point)`,
    xLabel: s.vary.param,
    yLabel: "pins failed",
    yFormat: "percent",
    xFormat: s.vary.isDuration ? "ns" : "number",
    xLog: s.vary.log,
    rightLabel: "p99 pin latency",
    rightFormat: "ns",
    lines: s.kernels.flatMap((kernel, j) => [
      {
        name: kernel,
        colorIndex: j,
        // A point where no pin completed has no failure rate: a gap, not a 0 with a [0, 1] interval.
        points: s.points.map((row, i) => {
          const r = row[j]!;
          return r.pins_attempted === 0
            ? { x: x(i), y: Number.NaN }
            : { x: x(i), y: r.failure_rate, low: r.ci95.low, high: r.ci95.high };
        }),
      },
      {
        name: `${kernel} p99 latency`,
        colorIndex: j,
        dashed: true,
        axis: "right" as const,
        points: s.points.map((row, i) => ({
          x: x(i),
          y: row[j]!.pins_attempted === 0 ? Number.NaN : row[j]!.pin_latency_ns.p99,
        })),
      },
    ]),
  };
  return renderLineChart(input);
}

function perPin(n: number, pins: number): number {
  return pins === 0 ? 0 : n / pins;
}
