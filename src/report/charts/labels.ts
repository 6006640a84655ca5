// Category labels under bars that never overlap: horizontal when they fit the band, else
// rotated 45°, else vertical, else a smaller font, else only every k-th label. Rotated labels
// are cut with an ellipsis so they fit the height the chart can spare.

import { textWidth_px, truncateToWidth } from "./text.ts";

export interface CategoryLabelLayout {
  /** Rotated labels are drawn at -angle, reading upwards and ending under their category. */
  angle_deg: 0 | 45 | 90;
  fontSize_px: number;
  /** Label every `every`-th category (1 = all). */
  every: number;
  /** Possibly truncated label texts, one per category. */
  texts: string[];
  /** Vertical space the labels take below the plot. */
  height_px: number;
  /** How far the first label reaches left of its category's centre. */
  leftOverhang_px: number;
}

const MIN_FONT_PX = 8;
/** Neighbouring text lines need this much distance, as a multiple of the font size. */
const LINE_SPACING = 1.25;
const SIN45 = Math.SQRT1_2;

function widest(texts: readonly string[], fontSize_px: number): number {
  return Math.max(0, ...texts.map((t) => textWidth_px(t, fontSize_px)));
}

function horizontal(
  labels: readonly string[],
  band_px: number,
  fontSize_px: number,
): CategoryLabelLayout | null {
  const w = widest(labels, fontSize_px);
  if (w + 6 > band_px) return null;
  return {
    angle_deg: 0,
    fontSize_px,
    every: 1,
    texts: [...labels],
    height_px: fontSize_px * 1.6,
    leftOverhang_px: w / 2,
  };
}

function rotated(
  labels: readonly string[],
  angle_deg: 45 | 90,
  fontSize_px: number,
  every: number,
  maxHeight_px: number,
): CategoryLabelLayout {
  const sin = angle_deg === 45 ? SIN45 : 1;
  // Text extends along the slant; the glyph height adds cos(angle) * size below the baseline end.
  const glyphDrop_px = angle_deg === 45 ? fontSize_px * SIN45 : 0;
  const maxLength_px = Math.max(fontSize_px, (maxHeight_px - glyphDrop_px - 6) / sin);
  const texts = labels.map((t) => truncateToWidth(t, fontSize_px, maxLength_px));
  const w = widest(texts, fontSize_px);
  return {
    angle_deg,
    fontSize_px,
    every,
    texts,
    height_px: w * sin + glyphDrop_px + 6,
    leftOverhang_px: angle_deg === 45 ? w * SIN45 : fontSize_px / 2,
  };
}

/** Chooses the first readable layout for `labels` under bands `band_px` wide. */
export function layoutCategoryLabels(
  labels: readonly string[],
  band_px: number,
  maxHeight_px: number,
  fontSize_px: number,
): CategoryLabelLayout {
  const flat = horizontal(labels, band_px, fontSize_px);
  if (flat) return flat;
  // Rotated by a, neighbouring baselines are band * sin(a) apart.
  if (band_px * SIN45 >= fontSize_px * LINE_SPACING) return rotated(labels, 45, fontSize_px, 1, maxHeight_px);
  if (band_px >= fontSize_px * LINE_SPACING) return rotated(labels, 90, fontSize_px, 1, maxHeight_px);
  const small_px = Math.max(MIN_FONT_PX, Math.floor(band_px / LINE_SPACING));
  const every = Math.ceil((small_px * LINE_SPACING) / band_px);
  return rotated(labels, 90, small_px, every, maxHeight_px);
}
