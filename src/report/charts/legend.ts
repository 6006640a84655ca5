// Legend rows under the title, wrapping to the chart width and centred, so the plot keeps
// the full width and a right-hand axis never collides with the legend.

import { BASELINE_DROP, LEGEND_FONT_PX, TEXT_COLOUR } from "./style.ts";
import { group, text } from "./svg.ts";
import { textWidth_px, truncateToWidth } from "./text.ts";

export interface LegendEntry {
  label: string;
  /** Draws the key symbol in the 18 x 12 px box whose left-middle point is (x, yMid). */
  swatch: (x: number, yMid: number) => string;
}

export interface Legend {
  svg: string;
  height_px: number;
}

const SWATCH_PX = 18;
const SWATCH_GAP_PX = 6;
const ITEM_GAP_PX = 18;
const ROW_PX = LEGEND_FONT_PX * 1.6;

interface Item {
  entry: LegendEntry;
  label: string;
  width_px: number;
}

function rowsOf(items: readonly Item[], maxWidth_px: number): Item[][] {
  const rows: Item[][] = [];
  let row: Item[] = [];
  let used = 0;
  for (const item of items) {
    const need = (row.length > 0 ? ITEM_GAP_PX : 0) + item.width_px;
    if (row.length > 0 && used + need > maxWidth_px) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += row.length > 0 ? ITEM_GAP_PX + item.width_px : item.width_px;
    row.push(item);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

function rowWidth(row: readonly Item[]): number {
  return row.reduce((sum, it) => sum + it.width_px, 0) + ITEM_GAP_PX * (row.length - 1);
}

/** Lays out `entries` centred in [x0, x0 + width_px], first row's top at y0. */
export function renderLegend(
  entries: readonly LegendEntry[],
  x0: number,
  y0: number,
  width_px: number,
): Legend {
  if (entries.length === 0) return { svg: "", height_px: 0 };
  const maxLabel_px = width_px - SWATCH_PX - SWATCH_GAP_PX;
  const items = entries.map((entry) => {
    const label = truncateToWidth(entry.label, LEGEND_FONT_PX, maxLabel_px);
    return { entry, label, width_px: SWATCH_PX + SWATCH_GAP_PX + textWidth_px(label, LEGEND_FONT_PX) };
  });
  const rows = rowsOf(items, width_px);
  const parts: string[] = [];
  rows.forEach((row, r) => {
    const yMid = y0 + r * ROW_PX + ROW_PX / 2;
    let x = x0 + (width_px - rowWidth(row)) / 2;
    for (const item of row) {
      parts.push(item.entry.swatch(x, yMid));
      const baseline = yMid + LEGEND_FONT_PX * BASELINE_DROP;
      parts.push(text(item.label, { x: x + SWATCH_PX + SWATCH_GAP_PX, y: baseline, fill: TEXT_COLOUR }));
      x += item.width_px + ITEM_GAP_PX;
    }
  });
  return {
    svg: group({ class: "legend", "font-size": LEGEND_FONT_PX }, parts),
    height_px: rows.length * ROW_PX,
  };
}
