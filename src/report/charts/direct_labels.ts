// Direct labels: each line is named at its last point instead of in a legend. Labels whose lines
// end close together are pushed apart vertically (in pixels, where overlap happens) and then put
// back into data units, so the spec stays plain Vega-Lite a user can restyle.

/** A vertical position scale: data value <-> pixels from the top of a panel. */
export interface YScale {
  toPx(v: number): number;
  fromPx(px: number): number;
}

export function linearY(domain: readonly [number, number], height_px: number): YScale {
  const [lo, hi] = domain;
  return {
    toPx: (v) => height_px * (1 - (v - lo) / (hi - lo)),
    fromPx: (px) => lo + (1 - px / height_px) * (hi - lo),
  };
}

export function logY(domain: readonly [number, number], height_px: number): YScale {
  const [lo, hi] = [Math.log10(domain[0]), Math.log10(domain[1])];
  return {
    toPx: (v) => height_px * (1 - (Math.log10(v) - lo) / (hi - lo)),
    fromPx: (px) => 10 ** (lo + (1 - px / height_px) * (hi - lo)),
  };
}

/**
 * Positions (px from the top) for labels wanted at `ys_px`, at least `gap_px` apart, inside
 * [0, height_px] when they fit, each as near its wish as the others allow. Output order = input order.
 */
export function spreadLabels(ys_px: readonly number[], gap_px: number, height_px: number): number[] {
  const order = ys_px.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((o) => o.y);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap_px);
  // Labels pushed below the panel move back up together, as far as the top allows.
  const overflow = placed.length > 0 ? placed.at(-1)! - height_px : 0;
  if (overflow > 0) {
    for (let k = placed.length - 1; k >= 0; k--) {
      const floor = k === placed.length - 1 ? height_px : placed[k + 1]! - gap_px;
      placed[k] = Math.min(placed[k]!, floor);
    }
    const underflow = -placed[0]!;
    if (underflow > 0) for (let k = 0; k < placed.length; k++) placed[k]! += underflow;
  }
  const out = new Array<number>(ys_px.length);
  order.forEach((o, k) => {
    out[o.i] = placed[k]!;
  });
  return out;
}

/** Label positions in data units for values drawn on `scale`. */
export function labelPositions(values: readonly number[], scale: YScale, gap_px: number, height_px: number) {
  const px = spreadLabels(
    values.map((v) => scale.toPx(v)),
    gap_px,
    height_px,
  );
  return px.map((p) => scale.fromPx(p));
}
