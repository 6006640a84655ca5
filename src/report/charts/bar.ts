// Grouped bar chart: one group per category (kernel), one bar per series, optional error bars
// (e.g. 95 % Wilson intervals) and an optional right-hand axis for a second quantity.

import { type Axis, grid, yAxis, yAxisWidth_px } from "./axis.ts";
import { formatValue, type ValueFormat } from "./format.ts";
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
import { type CategoryLabelLayout, layoutCategoryLabels } from "./labels.ts";
import { type LegendEntry, renderLegend } from "./legend.ts";
import { linearScale, type Scale } from "./scale.ts";
import {
  AXIS_COLOUR,
  BASELINE_DROP,
  ERRORBAR_COLOUR,
  LABEL_FONT_PX,
  PAD_PX,
  paletteColour,
  TEXT_COLOUR,
} from "./style.ts";
import { el, esc, group, num, text } from "./svg.ts";
import { tickTarget } from "./ticks.ts";
import { type AxisValues, extentWithZero, type ValueAxes, valueAxes } from "./value_axes.ts";

export interface BarSeries {
  name: string;
  /** One value per category; a non-finite value leaves its bar out (no data). */
  values: number[];
  /** Error bar ends, one per category; drawn where both are finite. */
  low?: number[];
  high?: number[];
  axis: "left" | "right";
  /** Palette slot; defaults to the series' position. Give a kernel the same slot everywhere. */
  colorIndex?: number;
}

export interface BarChartInput {
  title: string;
  categories: string[];
  series: BarSeries[];
  leftLabel: string;
  rightLabel?: string;
  /** Tick format of each axis; "percent" expects fractions (0.05 -> 5%). Default "number". */
  leftFormat?: ValueFormat;
  rightFormat?: ValueFormat;
  width?: number;
  height?: number;
}

/** Share of a category's band filled by its bars; the rest separates groups. */
const GROUP_FILL = 0.78;

function checkInput(input: BarChartInput): void {
  const n = input.categories.length;
  for (const s of input.series) {
    for (const [what, arr] of [
      ["values", s.values],
      ["low", s.low],
      ["high", s.high],
    ] as const) {
      if (arr !== undefined && arr.length !== n) {
        throw new RangeError(`series "${s.name}": ${what} has ${arr.length} entries for ${n} categories`);
      }
    }
  }
}

function seriesExtent(series: readonly BarSeries[]): [number, number] {
  return extentWithZero(series.flatMap((s) => [...s.values, ...(s.low ?? []), ...(s.high ?? [])]));
}

function colourOf(s: BarSeries, i: number): string {
  return paletteColour(s.colorIndex ?? i);
}

function legendEntries(series: readonly BarSeries[], dualAxis: boolean): LegendEntry[] {
  return series.map((s, i) => ({
    label: dualAxis && s.axis === "right" ? `${s.name} (right axis)` : s.name,
    swatch: (x, yMid) => el("rect", { x: x + 3, y: yMid - 6, width: 12, height: 12, fill: colourOf(s, i) }),
  }));
}

interface Layout {
  plot: Plot;
  labels: CategoryLabelLayout;
  band_px: number;
}

/** Margins follow the tick labels; the left one grows if the first slanted label needs it. */
function layout(
  input: BarChartInput,
  size: { width: number; height: number },
  top: number,
  axes: ValueAxes,
): Layout {
  const { width, height } = size;
  const { left: leftAxis, right: rightAxis } = axes;
  let left = PAD_PX + (input.leftLabel ? AXIS_TITLE_PX : 0) + yAxisWidth_px(leftAxis.labels) + 4;
  const right = rightAxis
    ? width - PAD_PX - (input.rightLabel ? AXIS_TITLE_PX : 0) - yAxisWidth_px(rightAxis.labels) - 4
    : width - PAD_PX - 8;
  const maxLabel_px = height * 0.3;
  const lay = (l: number) => {
    const band_px = (right - l) / input.categories.length;
    return { band_px, labels: layoutCategoryLabels(input.categories, band_px, maxLabel_px, LABEL_FONT_PX) };
  };
  let { band_px, labels } = lay(left);
  const overhang = labels.leftOverhang_px - band_px / 2 - (left - PAD_PX);
  if (overhang > 0) {
    left += overhang;
    ({ band_px, labels } = lay(left));
  }
  const bottom = height - PAD_PX - labels.height_px;
  return { plot: { left, top, right, bottom }, labels, band_px };
}

function categoryLabels(lay: Layout): string {
  const { labels, plot, band_px } = lay;
  const fs = labels.fontSize_px;
  const parts: string[] = [];
  labels.texts.forEach((label, i) => {
    if (i % labels.every !== 0) return;
    const cx = plot.left + (i + 0.5) * band_px;
    if (labels.angle_deg === 0) {
      parts.push(text(label, { x: cx, y: plot.bottom + 4 + fs, "text-anchor": "middle", fill: TEXT_COLOUR }));
      return;
    }
    // Anchored at the label's end, just under the axis; shifted so the glyphs centre on the band.
    const x = cx + fs * BASELINE_DROP;
    const y = plot.bottom + 6 + (labels.angle_deg === 45 ? fs * 0.55 : 0);
    const transform = `rotate(-${labels.angle_deg} ${num(x)} ${num(y)})`;
    parts.push(text(label, { x, y, "text-anchor": "end", transform, fill: TEXT_COLOUR }));
  });
  return group({ class: "categories", "font-size": fs }, parts);
}

interface BarGeometry {
  x: number;
  width: number;
}

function barSlot(lay: Layout, category: number, seriesIndex: number, seriesCount: number): BarGeometry {
  const group_px = lay.band_px * GROUP_FILL;
  const slot_px = group_px / seriesCount;
  const gap_px = Math.min(2, slot_px * 0.1);
  const x = lay.plot.left + category * lay.band_px + (lay.band_px - group_px) / 2 + seriesIndex * slot_px;
  return { x: x + gap_px / 2, width: slot_px - gap_px };
}

function errorBar(cx: number, half_px: number, yLow: number, yHigh: number): string {
  const d =
    `M${num(cx)} ${num(yLow)}V${num(yHigh)}` +
    `M${num(cx - half_px)} ${num(yLow)}H${num(cx + half_px)}` +
    `M${num(cx - half_px)} ${num(yHigh)}H${num(cx + half_px)}`;
  return el("path", { class: "errorbar", d, stroke: ERRORBAR_COLOUR, "stroke-width": 1.2, fill: "none" });
}

function tooltip(input: BarChartInput, s: BarSeries, c: number, format: ValueFormat): string {
  const value = formatValue(s.values[c]!, format);
  const lo = s.low?.[c];
  const hi = s.high?.[c];
  const ci =
    lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)
      ? ` [${formatValue(lo, format)}, ${formatValue(hi, format)}]`
      : "";
  return `<title>${esc(`${input.categories[c]!}, ${s.name}: ${value}${ci}`)}</title>`;
}

function bars(input: BarChartInput, lay: Layout, scales: { left: Scale; right: Scale | null }): string {
  const parts: string[] = [];
  const errorBars: string[] = [];
  input.series.forEach((s, si) => {
    const scale = s.axis === "right" && scales.right ? scales.right : scales.left;
    const format = (s.axis === "right" ? input.rightFormat : input.leftFormat) ?? "number";
    const y0 = scale(0);
    s.values.forEach((v, c) => {
      if (!Number.isFinite(v)) return;
      const g = barSlot(lay, c, si, input.series.length);
      const y = scale(v);
      const rect = { class: "bar", x: g.x, y: Math.min(y, y0), width: g.width, height: Math.abs(y0 - y) };
      parts.push(el("rect", { ...rect, fill: colourOf(s, si) }, tooltip(input, s, c, format)));
      const lo = s.low?.[c];
      const hi = s.high?.[c];
      if (lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi)) return;
      errorBars.push(errorBar(g.x + g.width / 2, Math.min(g.width * 0.3, 6), scale(lo), scale(hi)));
    });
  });
  return [group({ class: "bars" }, parts), group({ class: "errorbars" }, errorBars)].join("\n");
}

/** Renders the chart as a standalone SVG document (deterministic: same input, same bytes). */
export function renderBarChart(input: BarChartInput): string {
  const width = input.width ?? DEFAULT_WIDTH_PX;
  const height = input.height ?? DEFAULT_HEIGHT_PX;
  checkSize(width, height);
  checkInput(input);
  if (input.categories.length === 0 || input.series.length === 0)
    return noDataSvg(width, height, input.title);

  const rightSeries = input.series.filter((s) => s.axis === "right");
  const leftSeries = input.series.filter((s) => s.axis !== "right");
  const dualAxis = rightSeries.length > 0 && leftSeries.length > 0;
  const legend = renderLegend(
    legendEntries(input.series, dualAxis),
    PAD_PX,
    TITLE_BLOCK_PX,
    width - 2 * PAD_PX,
  );
  const top = TITLE_BLOCK_PX + legend.height_px + 10;
  const target = tickTarget(height * 0.85 - top, 50, 2, 8);
  const values = valueAxes(
    seriesExtent(leftSeries),
    rightSeries.length > 0 ? seriesExtent(rightSeries) : null,
    target,
    input.leftFormat ?? "number",
    input.rightFormat ?? "number",
  );
  const lay = layout(input, { width, height }, top, values);
  const { plot } = lay;
  const axisOf = (v: AxisValues): Axis => {
    const ends = v.ticks.values;
    return { ...v, scale: linearScale(ends[0]!, ends[ends.length - 1]!, plot.bottom, plot.top) };
  };
  const leftAxis = axisOf(values.left);
  const rightAxis = values.right ? axisOf(values.right) : null;
  const zero = leftAxis.scale(0);
  const baseline =
    zero < plot.bottom - 0.5
      ? el("line", {
          class: "baseline",
          x1: plot.left,
          y1: zero,
          x2: plot.right,
          y2: zero,
          stroke: AXIS_COLOUR,
        })
      : "";
  const body = [
    legend.svg,
    grid("horizontal", leftAxis, plot),
    bars(input, lay, { left: leftAxis.scale, right: rightAxis?.scale ?? null }),
    baseline,
    yAxis("left", leftAxis, plot),
    rightAxis ? yAxis("right", rightAxis, plot) : "",
    el("line", { x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: AXIS_COLOUR }),
    categoryLabels(lay),
    axisTitle(input.leftLabel, "left", plot, width),
    rightAxis ? axisTitle(input.rightLabel ?? "", "right", plot, width) : "",
  ];
  return `${openSvg(width, height, input.title)}\n${body.filter((p) => p !== "").join("\n")}\n${closeSvg()}`;
}
