// Shared look of every chart: Okabe-Ito colours (distinguishable with the common forms of
// colour blindness), a font list that resolves on Debian (DejaVu), other Linux and macOS/Windows.

export const FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

/** Okabe & Ito (2008), reordered so the first colours contrast best on white; yellow is late. */
export const PALETTE: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#E69F00", // orange
  "#CC79A7", // reddish purple
  "#56B4E9", // sky blue
  "#000000", // black
  "#F0E442", // yellow
];

export function paletteColour(index: number): string {
  const n = PALETTE.length;
  return PALETTE[((index % n) + n) % n]!;
}

export const TEXT_COLOUR = "#222222";
export const AXIS_COLOUR = "#444444";
export const GRID_COLOUR = "#e3e3e3";
export const ERRORBAR_COLOUR = "#222222";
export const BACKGROUND = "#ffffff";

export const TITLE_FONT_PX = 16;
export const LABEL_FONT_PX = 12;
export const TICK_FONT_PX = 11;
export const LEGEND_FONT_PX = 12;
/** Outer padding of the whole image. */
export const PAD_PX = 12;
/**
 * Baseline offset from a text line's visual middle, in em: placing text by its baseline keeps
 * renderers that ignore dominant-baseline (several rasterisers) in agreement with browsers.
 */
export const BASELINE_DROP = 0.36;
