// Text width without a font engine: per-character advance widths of DejaVu Sans (the font the
// charts are rendered with on Debian), in em. Wider fallbacks only make layouts roomier.

const NARROW = "iljI.,:;'|!()[]{}`\u00a0";
const HALF = ' -/\\frt"*';
const WIDE = "mwMW%@&\u2026";

function advance_em(ch: string): number {
  if (NARROW.includes(ch)) return 0.3;
  if (HALF.includes(ch)) return 0.38;
  if (WIDE.includes(ch)) return 0.95;
  if (ch >= "0" && ch <= "9") return 0.64;
  if (ch >= "A" && ch <= "Z") return 0.72;
  if (ch >= "a" && ch <= "z") return 0.6;
  return 0.75; // symbols, non-Latin: err on the wide side
}

/** Estimated rendered width of `text` at `fontSize_px` (bold adds 10 %). */
export function textWidth_px(text: string, fontSize_px: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += advance_em(ch);
  return em * fontSize_px * (bold ? 1.1 : 1);
}

/** Cuts `text` with an ellipsis so that it fits `max_px`; unchanged when it already fits. */
export function truncateToWidth(text: string, fontSize_px: number, max_px: number): string {
  if (textWidth_px(text, fontSize_px) <= max_px) return text;
  const chars = [...text];
  while (chars.length > 1) {
    chars.pop();
    const cut = `${chars.join("")}\u2026`;
    if (textWidth_px(cut, fontSize_px) <= max_px) return cut;
  }
  return "\u2026";
}
