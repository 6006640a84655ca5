// What every pinsim chart shares: the font resvg finds on Debian (fonts-dejavu-core), the
// Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), one stroke dash
// and point shape per kernel so overlapping lines stay visible, and axis labels never shortened.

import type { Config } from "vega-lite";

export const FONT = "DejaVu Sans, sans-serif";

/** Okabe & Ito (2008), black last. */
export const PALETTE: readonly string[] = [
  "#0072b2",
  "#d55e00",
  "#009e73",
  "#cc79a7",
  "#e69f00",
  "#56b4e9",
  "#f0e442",
  "#000000",
];

/** Solid, dashed, dotted, dash-dot...: the i-th kernel's line. */
export const DASHES: readonly number[][] = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [12, 4],
  [4, 4],
];

export const SHAPES: readonly string[] = [
  "circle",
  "square",
  "triangle-up",
  "diamond",
  "cross",
  "triangle-down",
];

/** Every n-th entry of a style list, repeating. */
export function cycle<T>(list: readonly T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => list[i % list.length]!);
}

export const PANEL_WIDTH_PX = 520;
export const LABEL_FONT_SIZE_PX = 11;

export const CONFIG: Config = {
  font: FONT,
  background: "white",
  padding: 12,
  view: { stroke: "#888" },
  axis: { labelLimit: 0, titleFontWeight: "normal", labelFontSize: 11, titleFontSize: 12, grid: true },
  title: { fontSize: 14, anchor: "start", subtitleFontSize: 11, subtitleColor: "#444" },
  text: { fontSize: LABEL_FONT_SIZE_PX },
  concat: { spacing: 28 },
};

/** Vega expression that prints a duration in ns like formatDuration_ns ("250 µs", "1.5 ms"). */
export function durationLabelExpr(field = "datum.value"): string {
  const v = field;
  const unit = (size: number, name: string) => `format(${v} / ${size}, '~g') + ' ${name}'`;
  return [
    `${v} == 0 ? '0'`,
    `${v} >= 1e9 ? ${unit(1e9, "s")}`,
    `${v} >= 1e6 ? ${unit(1e6, "ms")}`,
    `${v} >= 1e3 ? ${unit(1e3, "µs")}`,
    unit(1, "ns"),
  ].join(" : ");
}
