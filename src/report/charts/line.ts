// Line chart: one line per kernel with markers, an optional confidence band per line, an
// optional log x axis and an optional right-hand axis (e.g. p99 latency drawn dashed).

import { type Axis, grid, X_AXIS_HEIGHT_PX, xAxis, yAxis, yAxisWidth_px } from "./axis.ts";
import { formatTicks, type ValueFormat } from "./format.ts";
import {
  AXIS_TITLE_PX,
  axisTitle,
  checkSize,
  closeSvg,
  DEFAULT_HEIGHT_PX,
  DEFAULT_WIDTH_PX,
  noDataSvg,
  openSvg,
  type Plot,
  TITLE_BLOCK_PX,
} from "./frame.ts";
import { type LegendEntry, renderLegend } from "./legend.ts";
import { marker } from "./marker.ts";
import { linearScale, logScale, type Scale } from "./scale.ts";
import { LABEL_FONT_PX, PAD_PX, paletteColour, TEXT_COLOUR, TICK_FONT_PX } from "./style.ts";
import { el, group, num, text } from "./svg.ts";
import { textWidth_px } from "./text.ts";
import { logTicks, niceTicks, tickTarget } from "./ticks.ts";
import { type AxisValues, extentWithZero, valueAxes } from "./value_axes.ts";

export interface LinePoint {
  x: number;
  /** A non-finite y breaks the line there (no data). */
  y: number;
  /** Confidence band ends, drawn as a translucent area where both are finite. */
  low?: number;
  high?: number;
}

export interface LineSeries {
  name: string;
  points: LinePoint[];
  dashed?: boolean;
  axis?: "left" | "right";
  /** Palette and marker slot; defaults to the line's position. */
  colorIndex?: number;
}

export interface LineChartInput {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Log10 x axis; every x must then be > 0. */
  xLog?: boolean;
  /** Left axis format (default "number"); "percent" expects fractions. */
  yFormat?: ValueFormat;
  xFormat?: "ns" | "number";
  lines: LineSeries[];
  rightLabel?: string;
  /** Right axis format; defaults to yFormat. */
  rightFormat?: ValueFormat;
  width?: number;
  height?: number;
}

const MARKER_R_PX = 3.5;
const BAND_OPACITY = 0.18;
const DASH = "6 4";

function checkInput(input: LineChartInput): void {
  for (const line of input.lines) {
    for (const p of line.points) {
      if (!Number.isFinite(p.x)) throw new RangeError(`line "${line.name}": x must be finite, got ${p.x}`);
      if (input.xLog && p.x <= 0)
        throw new RangeError(`line "${line.name}": log x axis needs x > 0, got ${p.x}`);
    }
  }
}

function byX(points: readonly LinePoint[]): LinePoint[] {
  return [...points].sort((a, b) => a.x - b.x);
}

function colourOf(line: LineSeries, i: number): string {
  return paletteColour(line.colorIndex ?? i);
}

function hasBand(line: LineSeries): boolean {
  return line.points.some((p) => Number.isFinite(p.low) && Number.isFinite(p.high));
}

function legendEntries(lines: readonly LineSeries[], dualAxis: boolean): LegendEntry[] {
  return lines.map((line, i) => {
    const colour = colourOf(line, i);
    return {
      label: dualAxis && line.axis === "right" ? `${line.name} (right axis)` : line.name,
      swatch: (x, yMid) =>
        [
          hasBand(line)
            ? el("rect", {
                x,
                y: yMid - 5,
                width: 18,
                height: 10,
                fill: colour,
                "fill-opacity": BAND_OPACITY,
              })
            : "",
          el("line", {
            x1: x,
            y1: yMid,
            x2: x + 18,
            y2: yMid,
            stroke: colour,
            "stroke-width": 2,
            "stroke-dasharray": line.dashed ? "4 3" : undefined,
          }),
          marker(line.colorIndex ?? i, x + 9, yMid, MARKER_R_PX, colour),
        ].join(""),
    };
  });
}

function lineValues(lines: readonly LineSeries[]): number[] {
  return lines.flatMap((l) => l.points.flatMap((p) => [p.y, p.low ?? Number.NaN, p.high ?? Number.NaN]));
}

function xAxisValues(input: LineChartInput, plotWidth_px: number): AxisValues {
  const xs = input.lines.flatMap((l) => l.points.map((p) => p.x));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const ticks = input.xLog ? logTicks(lo, hi) : niceTicks(lo, hi, tickTarget(plotWidth_px, 90, 2, 10));
  return { ticks, labels: formatTicks(ticks.values, input.xFormat ?? "number", ticks.step) };
}

/** Runs of consecutive points for which `ok` holds: lines and bands break at missing data. */
function runs(points: readonly LinePoint[], ok: (p: LinePoint) => boolean): LinePoint[][] {
  const out: LinePoint[][] = [];
  let run: LinePoint[] = [];
  for (const p of points) {
    if (ok(p)) run.push(p);
    else if (run.length > 0) {
      out.push(run);
      run = [];
    }
  }
  if (run.length > 0) out.push(run);
  return out;
}

function pathOf(coords: readonly [number, number][]): string {
  return coords.map(([x, y], i) => `${i === 0 ? "M" : "L"}${num(x)} ${num(y)}`).join("");
}

interface Scales {
  x: Scale;
  y: Scale;
}

function band(points: readonly LinePoint[], s: Scales, colour: string): string {
  const ok = (p: LinePoint) => Number.isFinite(p.low) && Number.isFinite(p.high);
  const d = runs(points, ok)
    .map((run) => {
      const upper = run.map((p): [number, number] => [s.x(p.x), s.y(p.high!)]);
      const lower = [...run].reverse().map((p): [number, number] => [s.x(p.x), s.y(p.low!)]);
      return `${pathOf([...upper, ...lower])}Z`;
    })
    .join("");
  return d === ""
    ? ""
    : el("path", { class: "band", d, fill: colour, "fill-opacity": BAND_OPACITY, stroke: "none" });
}

function linePath(line: LineSeries, points: readonly LinePoint[], s: Scales, colour: string): string {
  const d = runs(points, (p) => Number.isFinite(p.y))
    .map((run) => pathOf(run.map((p): [number, number] => [s.x(p.x), s.y(p.y)])))
    .join("");
  return el("path", {
    class: "line",
    d: d === "" ? undefined : d,
    fill: "none",
    stroke: colour,
    "stroke-width": 2,
    "stroke-linejoin": "round",
    "stroke-dasharray": line.dashed ? DASH : undefined,
  });
}

function series(input: LineChartInput, x: Scale, left: Scale, right: Scale | null): string {
  const bands: string[] = [];
  const paths: string[] = [];
  const markers: string[] = [];
  input.lines.forEach((line, i) => {
    const s = { x, y: line.axis === "right" && right ? right : left };
    const colour = colourOf(line, i);
    const points = byX(line.points);
    bands.push(band(points, s, colour));
    paths.push(linePath(line, points, s, colour));
    for (const p of points) {
      if (Number.isFinite(p.y))
        markers.push(marker(line.colorIndex ?? i, s.x(p.x), s.y(p.y), MARKER_R_PX, colour));
    }
  });
  return [
    group(
      { class: "bands" },
      bands.filter((b) => b !== ""),
    ),
    group({ class: "lines" }, paths),
    group({ class: "markers", stroke: "#ffffff", "stroke-width": 0.8 }, markers),
  ].join("\n");
}

interface AxesValues {
  left: AxisValues;
  right: AxisValues | null;
  x: AxisValues;
}

/** Margins fit the y tick labels and keep the outermost x labels inside the image. */
function plotBox(input: LineChartInput, width: number, height: number, top: number, axes: AxesValues): Plot {
  const { left: leftAxis, right: rightAxis } = axes;
  const xLabels = axes.x.labels;
  const edge = (label: string | undefined) => textWidth_px(label ?? "", TICK_FONT_PX) / 2 + PAD_PX;
  const leftAxis_px = PAD_PX + (input.yLabel ? AXIS_TITLE_PX : 0) + yAxisWidth_px(leftAxis.labels) + 4;
  const left = Math.max(leftAxis_px, edge(xLabels[0]));
  const right = rightAxis
    ? width - PAD_PX - (input.rightLabel ? AXIS_TITLE_PX : 0) - yAxisWidth_px(rightAxis.labels) - 4
    : width - Math.max(PAD_PX + 8, edge(xLabels[xLabels.length - 1]));
  const bottom = height - PAD_PX - (input.xLabel ? LABEL_FONT_PX * 1.6 : 0) - X_AXIS_HEIGHT_PX;
  return { left, top, right, bottom };
}

function xTitle(label: string, plot: Plot, height: number): string {
  if (label === "") return "";
  const x = (plot.left + plot.right) / 2;
  const at = { x, y: height - PAD_PX, "text-anchor": "middle" };
  return text(label, { class: "axis-title axis-title-bottom", ...at, fill: TEXT_COLOUR });
}

/** Renders the chart as a standalone SVG document (deterministic: same input, same bytes). */
export function renderLineChart(input: LineChartInput): string {
  const width = input.width ?? DEFAULT_WIDTH_PX;
  const height = input.height ?? DEFAULT_HEIGHT_PX;
  checkSize(width, height);
  checkInput(input);
  if (!input.lines.some((l) => l.points.length > 0)) return noDataSvg(width, height, input.title);

  const rightLines = input.lines.filter((l) => l.axis === "right");
  const leftLines = input.lines.filter((l) => l.axis !== "right");
  const dualAxis = rightLines.length > 0 && leftLines.length > 0;
  const legend = renderLegend(
    legendEntries(input.lines, dualAxis),
    PAD_PX,
    TITLE_BLOCK_PX,
    width - 2 * PAD_PX,
  );
  const top = TITLE_BLOCK_PX + legend.height_px + 10;
  const yFormat = input.yFormat ?? "number";
  const values = valueAxes(
    extentWithZero(lineValues(leftLines)),
    rightLines.length > 0 ? extentWithZero(lineValues(rightLines)) : null,
    tickTarget(height * 0.85 - top, 50, 2, 8),
    yFormat,
    input.rightFormat ?? yFormat,
  );
  // The x ticks depend on the plot width only through their count; estimate it from the image.
  const xValues = xAxisValues(input, width * 0.8);
  const plot = plotBox(input, width, height, top, { left: values.left, right: values.right, x: xValues });
  const yAxisOf = (v: AxisValues): Axis => {
    const ends = v.ticks.values;
    return { ...v, scale: linearScale(ends[0]!, ends[ends.length - 1]!, plot.bottom, plot.top) };
  };
  const xEnds = xValues.ticks.values;
  const xScaleOf = input.xLog ? logScale : linearScale;
  const x: Axis = { ...xValues, scale: xScaleOf(xEnds[0]!, xEnds[xEnds.length - 1]!, plot.left, plot.right) };
  const leftAxis = yAxisOf(values.left);
  const rightAxis = values.right ? yAxisOf(values.right) : null;
  const body = [
    legend.svg,
    grid("vertical", x, plot),
    grid("horizontal", leftAxis, plot),
    series(input, x.scale, leftAxis.scale, rightAxis?.scale ?? null),
    xAxis(x, plot),
    yAxis("left", leftAxis, plot),
    rightAxis ? yAxis("right", rightAxis, plot) : "",
    axisTitle(input.yLabel, "left", plot, width),
    rightAxis ? axisTitle(input.rightLabel ?? "", "right", plot, width) : "",
    xTitle(input.xLabel, plot, height),
  ];
  return `${openSvg(width, height, input.title)}\n${body.filter((p) => p !== "").join("\n")}\n${closeSvg()}`;
}
