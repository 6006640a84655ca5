// The chart of a comparison (`compare --plot`): three stacked panels, one row per kernel in the
// order given, each number written beside its mark: the pin failure rate with its 95% interval,
// local and global drains per pin, and the pin latency percentiles on a log axis.

import type { TopLevelSpec } from "vega-lite";
import type { Comparison, KernelSummary } from "../../lab/compare/summary.ts";
import { formatDuration_ns, formatRateCi, significant } from "../format.ts";
import { CONFIG, cycle, durationLabelExpr, PALETTE, PANEL_WIDTH_PX } from "./style.ts";
import { decades } from "./sweep_spec.ts";

export interface ComparisonRow {
  readonly kernel: string;
  /** "failure", "drains" or "latency": the panel the row belongs to. */
  readonly panel: string;
  /** Within a kernel's row of the drains and latency panels: local/global, p50/p99/max. */
  readonly series: string;
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
  readonly text: string;
}

export function comparisonRows(c: Comparison): ComparisonRow[] {
  return c.results.filter((r) => r.pins_attempted > 0).flatMap((r) => rowsOf(r));
}

function rowsOf(r: KernelSummary): ComparisonRow[] {
  const perPin = (n: number) => n / r.pins_attempted;
  const drains = (series: string, n: number): ComparisonRow => ({
    kernel: r.kernel,
    panel: "drains",
    series,
    value: perPin(n),
    text: `${series} ${significant(perPin(n))}`,
  });
  const latency = (series: string, v_ns: number): ComparisonRow => ({
    kernel: r.kernel,
    panel: "latency",
    series,
    value: v_ns,
    text: `${series} ${formatDuration_ns(v_ns)}`,
  });
  return [
    {
      kernel: r.kernel,
      panel: "failure",
      series: "rate",
      value: r.failure_rate,
      low: r.ci95.low,
      high: r.ci95.high,
      text: formatRateCi(r.failure_rate, r.ci95.low, r.ci95.high),
    },
    drains("local", r.drains_local),
    drains("global", r.drains_global),
    latency("p50", r.pin_latency_ns.p50),
    latency("p99", r.pin_latency_ns.p99),
    latency("max", r.pin_latency_ns.max),
  ];
}

export function comparisonSpec(c: Comparison): TopLevelSpec {
  const rows = comparisonRows(c);
  const kernels = c.results.map((r) => r.kernel);
  const y = {
    field: "kernel",
    type: "nominal",
    sort: kernels,
    title: null,
    axis: { labelLimit: 0, labelFontSize: 12, grid: false },
  } as const;
  const color = {
    field: "kernel",
    type: "nominal",
    scale: { domain: kernels, range: cycle(PALETTE, kernels.length) },
    legend: null,
  } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `${c.scenario}: pin failures, drains and latency per kernel`,
      subtitle: `${c.runs} runs per kernel, seeds ${c.seed}..${c.seed + c.runs - 1}`,
    },
    config: CONFIG,
    data: { values: rows },
    vconcat: [
      failurePanel(rows, y, color),
      drainsPanel(rows, y, color, kernels.length),
      latencyPanel(rows, y, color, kernels.length),
    ],
  } as unknown as TopLevelSpec; // built from plain objects; tests compile it and fail on warnings
}

function failurePanel(rows: readonly ComparisonRow[], y: object, color: object) {
  const highs = rows.filter((r) => r.panel === "failure").map((r) => r.high ?? 0);
  const x = {
    type: "quantitative",
    title: "pins failed (dot: rate; bar: 95% Wilson interval)",
    scale: { domain: [0, Math.max(0.01, ...highs)], nice: true },
    axis: { format: "~%" },
  } as const;
  return {
    width: PANEL_WIDTH_PX,
    height: { step: 26 },
    transform: [{ filter: "datum.panel === 'failure'" }],
    layer: [
      {
        mark: { type: "rule", strokeWidth: 2 },
        encoding: { y, x: { ...x, field: "low" }, x2: { field: "high" }, color },
      },
      {
        mark: { type: "point", filled: true, size: 60 },
        encoding: { y, x: { ...x, field: "value" }, color },
      },
      {
        mark: { type: "text", align: "left", baseline: "middle", dx: 8 },
        encoding: { y, x: { ...x, field: "high" }, text: { field: "text" }, color },
      },
    ],
  };
}

function drainsPanel(rows: readonly ComparisonRow[], y: object, color: object, nKernels: number) {
  const max = Math.max(0.01, ...rows.filter((r) => r.panel === "drains").map((r) => r.value));
  const x = {
    field: "value",
    type: "quantitative",
    title: "drains per pin call",
    scale: { domain: [0, max], nice: true },
  } as const;
  const yOffset = { field: "series", type: "nominal", sort: ["local", "global"], title: null } as const;
  return {
    width: PANEL_WIDTH_PX,
    height: 36 * nKernels,
    transform: [{ filter: "datum.panel === 'drains'" }],
    layer: [
      {
        mark: { type: "bar", height: { band: 0.8 } },
        encoding: {
          y,
          yOffset,
          x,
          color,
          opacity: {
            field: "series",
            type: "ordinal",
            sort: ["local", "global"],
            scale: { domain: ["local", "global"], range: [0.5, 1] },
            legend: null,
          },
        },
      },
      {
        mark: { type: "text", align: "left", baseline: "middle", dx: 4, fontSize: 10 },
        encoding: { y, yOffset, x, text: { field: "text" }, color },
      },
    ],
  };
}

function latencyPanel(rows: readonly ComparisonRow[], y: object, color: object, nKernels: number) {
  const vs = rows.filter((r) => r.panel === "latency" && r.value > 0).map((r) => r.value);
  const lo = 10 ** Math.floor(Math.log10(Math.min(1e3, ...vs)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(1e4, ...vs)) + 0.3);
  const x = {
    field: "value",
    type: "quantitative",
    title: "pin latency (log scale)",
    scale: { type: "log", domain: [lo, hi], nice: false },
    axis: { labelExpr: durationLabelExpr(), values: decades(lo, hi) },
  } as const;
  const yOffset = { field: "series", type: "nominal", sort: ["p50", "p99", "max"], title: null } as const;
  return {
    width: PANEL_WIDTH_PX,
    height: 48 * nKernels,
    transform: [{ filter: "datum.panel === 'latency' && datum.value > 0" }],
    layer: [
      { mark: { type: "point", filled: true, size: 40 }, encoding: { y, yOffset, x, color } },
      {
        mark: { type: "text", align: "left", baseline: "middle", dx: 7, fontSize: 10 },
        encoding: { y, yOffset, x, text: { field: "text" }, color },
      },
    ],
  };
}
