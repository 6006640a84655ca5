// The parts every chart shares: the <svg> element with its accessible title, the background,
// the heading, axis titles, and the placeholder for charts without data.

import {
  BACKGROUND,
  BASELINE_DROP,
  FONT_FAMILY,
  LABEL_FONT_PX,
  PAD_PX,
  TEXT_COLOUR,
  TITLE_FONT_PX,
} from "./style.ts";
import { attrs, el, esc, num, text } from "./svg.ts";

/** The plotting rectangle, in px from the image's top-left corner. */
export interface Plot {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const DEFAULT_WIDTH_PX = 720;
export const DEFAULT_HEIGHT_PX = 420;
/** Distance from the top of the image to the first legend row. */
export const TITLE_BLOCK_PX = PAD_PX + TITLE_FONT_PX * 1.9;
/** Horizontal room an axis title takes beside its tick labels. */
export const AXIS_TITLE_PX = LABEL_FONT_PX * 1.6;

export function checkSize(width: number, height: number): void {
  if (!(Number.isFinite(width) && Number.isFinite(height) && width >= 160 && height >= 120)) {
    throw new RangeError(`chart size must be at least 160 x 120 px, got ${width} x ${height}`);
  }
}

/** Opening of the document; the caller appends the body and closeSvg(). */
export function openSvg(width: number, height: number, title: string): string {
  const open = `<svg${attrs({
    xmlns: "http://www.w3.org/2000/svg",
    width,
    height,
    viewBox: `0 0 ${num(width)} ${num(height)}`,
    role: "img",
    "aria-label": title,
    "font-family": FONT_FAMILY,
    "font-size": LABEL_FONT_PX,
  })}>`;
  const heading = text(title, {
    class: "title",
    x: width / 2,
    y: PAD_PX + TITLE_FONT_PX,
    "text-anchor": "middle",
    "font-size": TITLE_FONT_PX,
    "font-weight": "bold",
    fill: TEXT_COLOUR,
  });
  return [
    open,
    `<title>${esc(title)}</title>`,
    el("rect", { width, height, fill: BACKGROUND }),
    heading,
  ].join("\n");
}

export function closeSvg(): string {
  return "</svg>\n";
}

/** Axis title beside the plot, reading bottom-to-top on the left and top-to-bottom on the right. */
export function axisTitle(label: string, side: "left" | "right", plot: Plot, width: number): string {
  if (label === "") return "";
  const x = side === "left" ? PAD_PX + LABEL_FONT_PX * 0.5 : width - PAD_PX - LABEL_FONT_PX * 0.5;
  const y = (plot.top + plot.bottom) / 2;
  const angle = side === "left" ? -90 : 90;
  return text(label, {
    class: `axis-title axis-title-${side}`,
    x,
    y: y + LABEL_FONT_PX * BASELINE_DROP,
    "text-anchor": "middle",
    transform: `rotate(${angle} ${num(x)} ${num(y)})`,
    fill: TEXT_COLOUR,
  });
}

/** A complete chart that only says there is nothing to show (keeps reports from breaking). */
export function noDataSvg(width: number, height: number, title: string): string {
  const msg = text("No data", {
    class: "no-data",
    x: width / 2,
    y: height / 2,
    "text-anchor": "middle",
    fill: TEXT_COLOUR,
  });
  return `${openSvg(width, height, title)}\n${msg}\n${closeSvg()}`;
}
