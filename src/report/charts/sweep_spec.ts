// The chart of a sweep (`run --vary ... --plot`): two panels over the swept parameter, sharing its
// axis: the pin failure rate with its 95% band, and the p99 pin latency on a log axis (the
// differences that matter are factors: 299 µs against 918 µs). Each line is named at its end.

import type { TopLevelSpec } from "vega-lite";
import type { SweepResult } from "../../lab/compare/sweep.ts";
import { formatDuration_ns } from "../format.ts";
import { labelPositions, linearY, logY } from "./direct_labels.ts";
import {
  CONFIG,
  cycle,
  DASHES,
  durationLabelExpr,
  LABEL_FONT_SIZE_PX,
  PALETTE,
  PANEL_WIDTH_PX,
  SHAPES,
} from "./style.ts";

const PANEL_HEIGHT_PX = 220;
const LABEL_GAP_PX = LABEL_FONT_SIZE_PX + 2;

/** One (value, kernel) point; null where no pin completed (the line breaks there). */
export interface SweepRow {
  readonly kernel: string;
  readonly x: number;
  readonly x_text: string;
  readonly failure_rate: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  readonly p99_ns: number | null;
  readonly p99_text: string;
}

export function sweepRows(s: SweepResult): SweepRow[] {
  const xText = (v: number) => (s.vary.isDuration ? formatDuration_ns(v) : String(v));
  return s.points.flatMap((row, i) =>
    row.map((k, j): SweepRow => {
      const none = k.pins_attempted === 0;
      const x = s.vary.values[i]!;
      return {
        kernel: s.kernels[j]!,
        x,
        x_text: xText(x),
        failure_rate: none ? null : k.failure_rate,
        ci_low: none ? null : k.ci95.low,
        ci_high: none ? null : k.ci95.high,
        p99_ns: none ? null : k.pin_latency_ns.p99,
        p99_text: none ? "no pin completed" : formatDuration_ns(k.pin_latency_ns.p99),
      };
    }),
  );
}

export function sweepSpec(s: SweepResult): TopLevelSpec {
  const rows = sweepRows(s);
  const xs = s.vary.values;
  const x = {
    field: "x",
    type: "quantitative" as const,
    title: s.vary.param,
    scale: s.vary.log
      ? { type: "log" as const, domain: [xs[0]!, xs.at(-1)!], nice: false }
      : { domain: [xs[0]!, xs.at(-1)!], nice: false, zero: false },
    axis: {
      ...(s.vary.log ? { values: decades(xs[0]!, xs.at(-1)!) } : {}),
      ...(s.vary.isDuration ? { labelExpr: durationLabelExpr() } : {}),
    },
  };
  const latency = latencyDomain(rows);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `${s.scenario}: pin failures and p99 latency against ${s.vary.param}`,
      subtitle: `${s.runs} runs per point, seeds ${s.seed}..${s.seed + s.runs - 1}; lines are named at their last point`,
    },
    config: CONFIG,
    data: { values: rows },
    vconcat: [failurePanel(s, rows, x), latencyPanel(s, rows, x, latency)],
    resolve: { scale: { x: "shared" } },
  } as unknown as TopLevelSpec; // built from plain objects; tests compile it and fail on warnings
}

function kernelScales(kernels: readonly string[]) {
  const n = kernels.length;
  return {
    color: {
      field: "kernel",
      type: "nominal",
      scale: { domain: kernels, range: cycle(PALETTE, n) },
      legend: null,
    },
    strokeDash: {
      field: "kernel",
      type: "nominal",
      scale: { domain: kernels, range: cycle(DASHES, n) },
      legend: null,
    },
    shape: {
      field: "kernel",
      type: "nominal",
      scale: { domain: kernels, range: cycle(SHAPES, n) },
      legend: null,
    },
  } as const;
}

function failurePanel(s: SweepResult, rows: SweepRow[], x: object) {
  const k = kernelScales(s.kernels);
  const y = { type: "quantitative", scale: { domain: [0, 1], nice: false } } as const;
  const labels = endLabels(s.kernels, rows, (r) => r.failure_rate, linearY([0, 1], PANEL_HEIGHT_PX));
  return {
    width: PANEL_WIDTH_PX,
    height: PANEL_HEIGHT_PX,
    layer: [
      {
        mark: { type: "area", opacity: 0.15 },
        encoding: { x, y: { ...y, field: "ci_low" }, y2: { field: "ci_high" }, color: k.color },
      },
      ...lineWithPoints(
        x,
        { ...y, field: "failure_rate", title: "pins failed (95% CI band)", axis: { format: "~%" } },
        { ...y, field: "failure_rate" },
        k,
        [
          { field: "kernel" },
          { field: "x_text", title: s.vary.param },
          { field: "failure_rate", format: ".3~%" },
        ],
      ),
      labelLayer(x, y, labels, k.color),
    ],
  };
}

function latencyPanel(s: SweepResult, rows: SweepRow[], x: object, domain: [number, number]) {
  const k = kernelScales(s.kernels);
  const y = { type: "quantitative", scale: { type: "log", domain, nice: false } } as const;
  const labels = endLabels(s.kernels, rows, (r) => r.p99_ns, logY(domain, PANEL_HEIGHT_PX));
  return {
    width: PANEL_WIDTH_PX,
    height: PANEL_HEIGHT_PX,
    layer: [
      ...lineWithPoints(
        x,
        {
          ...y,
          field: "p99_ns",
          title: "p99 pin latency (log scale)",
          axis: { labelExpr: durationLabelExpr(), values: decades(domain[0], domain[1]) },
        },
        { ...y, field: "p99_ns" },
        k,
        [{ field: "kernel" }, { field: "x_text", title: s.vary.param }, { field: "p99_text", title: "p99" }],
      ),
      labelLayer(x, y, labels, k.color),
    ],
  };
}

/** One line per kernel through its points (hollow marks with a tooltip), as both panels draw them. */
function lineWithPoints(
  x: object,
  lineY: object,
  pointY: object,
  k: ReturnType<typeof kernelScales>,
  tooltip: readonly object[],
) {
  return [
    {
      mark: { type: "line", strokeWidth: 2 },
      encoding: { x, y: lineY, color: k.color, strokeDash: k.strokeDash },
    },
    {
      mark: { type: "point", filled: false, size: 45, strokeWidth: 1.5 },
      encoding: { x, y: pointY, color: k.color, shape: k.shape, tooltip },
    },
  ];
}

interface LabelRow {
  readonly kernel: string;
  readonly x: number;
  readonly label_y: number;
}

/** Each kernel's name beside its last point that has a value. */
function endLabels(
  kernels: readonly string[],
  rows: readonly SweepRow[],
  value: (r: SweepRow) => number | null,
  scale: ReturnType<typeof linearY>,
): LabelRow[] {
  const ends = kernels.flatMap((kernel) => {
    const last = rows.filter((r) => r.kernel === kernel && value(r) !== null).at(-1);
    return last === undefined ? [] : [{ kernel, x: last.x, v: value(last)! }];
  });
  const ys = labelPositions(
    ends.map((e) => e.v),
    scale,
    LABEL_GAP_PX,
    PANEL_HEIGHT_PX,
  );
  return ends.map((e, i) => ({ kernel: e.kernel, x: e.x, label_y: ys[i]! }));
}

function labelLayer(x: object, y: object, labels: LabelRow[], color: object) {
  return {
    data: { values: labels },
    mark: { type: "text", align: "left", baseline: "middle", dx: 9, fontWeight: "bold" },
    encoding: { x, y: { ...y, field: "label_y" }, text: { field: "kernel" }, color },
  };
}

/** The powers of ten in [lo, hi]: ticks of a log axis, one grid line per decade. */
export function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); 10 ** e <= hi * (1 + 1e-9); e++) out.push(10 ** e);
  return out;
}

/** Whole decades around the p99 values, so the log axis is labelled at round numbers. */
function latencyDomain(rows: readonly SweepRow[]): [number, number] {
  const vs = rows.map((r) => r.p99_ns).filter((v): v is number => v !== null && v > 0);
  if (vs.length === 0) return [1, 1e9];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...vs)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...vs)));
  return [lo, hi > lo ? hi : lo * 10];
}
