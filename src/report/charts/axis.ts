// Numeric axes: the axis line, tick marks, tick labels and grid lines.

import type { Plot } from "./frame.ts";
import type { Scale } from "./scale.ts";
import { AXIS_COLOUR, BASELINE_DROP, GRID_COLOUR, TEXT_COLOUR, TICK_FONT_PX } from "./style.ts";
import { el, group, text } from "./svg.ts";
import { textWidth_px } from "./text.ts";
import type { Ticks } from "./ticks.ts";

export interface Axis {
  ticks: Ticks;
  labels: string[];
  scale: Scale;
}

const TICK_PX = 5;
const LABEL_GAP_PX = 3;

/** Horizontal room taken by a y axis's tick marks and labels. */
export function yAxisWidth_px(labels: readonly string[]): number {
  return TICK_PX + LABEL_GAP_PX + Math.max(0, ...labels.map((l) => textWidth_px(l, TICK_FONT_PX)));
}

/** Vertical room taken by an x axis's tick marks and labels. */
export const X_AXIS_HEIGHT_PX = TICK_PX + LABEL_GAP_PX + TICK_FONT_PX * 1.3;

export function yAxis(side: "left" | "right", axis: Axis, plot: Plot): string {
  const x = side === "left" ? plot.left : plot.right;
  const out = side === "left" ? -1 : 1;
  const parts = [el("line", { x1: x, y1: plot.top, x2: x, y2: plot.bottom, stroke: AXIS_COLOUR })];
  axis.ticks.values.forEach((v, i) => {
    const y = axis.scale(v);
    parts.push(el("line", { x1: x, y1: y, x2: x + out * TICK_PX, y2: y, stroke: AXIS_COLOUR }));
    parts.push(
      text(axis.labels[i]!, {
        x: x + out * (TICK_PX + LABEL_GAP_PX),
        y: y + TICK_FONT_PX * BASELINE_DROP,
        "text-anchor": side === "left" ? "end" : "start",
        fill: TEXT_COLOUR,
      }),
    );
  });
  return group({ class: `axis axis-${side}`, "font-size": TICK_FONT_PX }, parts);
}

/** Label every k-th tick so that neighbouring x labels keep a gap. */
function labelStride(axis: Axis): number {
  const xs = axis.ticks.values.map(axis.scale);
  let spacing = Number.POSITIVE_INFINITY;
  for (let i = 1; i < xs.length; i++) spacing = Math.min(spacing, Math.abs(xs[i]! - xs[i - 1]!));
  const widest = Math.max(0, ...axis.labels.map((l) => textWidth_px(l, TICK_FONT_PX)));
  return Number.isFinite(spacing) ? Math.max(1, Math.ceil((widest + 8) / spacing)) : 1;
}

export function xAxis(axis: Axis, plot: Plot): string {
  const y = plot.bottom;
  const stride = labelStride(axis);
  const parts = [el("line", { x1: plot.left, y1: y, x2: plot.right, y2: y, stroke: AXIS_COLOUR })];
  axis.ticks.values.forEach((v, i) => {
    const x = axis.scale(v);
    parts.push(el("line", { x1: x, y1: y, x2: x, y2: y + TICK_PX, stroke: AXIS_COLOUR }));
    if (i % stride !== 0) return;
    const baseline = y + TICK_PX + LABEL_GAP_PX + TICK_FONT_PX;
    parts.push(text(axis.labels[i]!, { x, y: baseline, "text-anchor": "middle", fill: TEXT_COLOUR }));
  });
  return group({ class: "axis axis-bottom", "font-size": TICK_FONT_PX }, parts);
}

/** Grid lines across the plot at each tick, drawn under the data. */
export function grid(orientation: "horizontal" | "vertical", axis: Axis, plot: Plot): string {
  const lines = axis.ticks.values.map((v) => {
    const p = axis.scale(v);
    return orientation === "horizontal"
      ? el("line", { x1: plot.left, y1: p, x2: plot.right, y2: p })
      : el("line", { x1: p, y1: plot.top, x2: p, y2: plot.bottom });
  });
  return group({ class: `grid grid-${orientation}`, stroke: GRID_COLOUR }, lines);
}
