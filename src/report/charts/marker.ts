// Point markers. Shape varies with the series like colour does, so lines stay distinguishable
// in greyscale print and for readers who cannot tell two palette colours apart.

import { el, num } from "./svg.ts";

const SHAPES = ["circle", "square", "triangle", "diamond", "triangle-down"] as const;

function polygon(points: readonly [number, number][], fill: string): string {
  return el("polygon", { points: points.map(([x, y]) => `${num(x)},${num(y)}`).join(" "), fill });
}

/** Marker number `index` (cycling through the shapes) centred on (x, y), about 2r across. */
export function marker(index: number, x: number, y: number, r: number, fill: string): string {
  const shape = SHAPES[((index % SHAPES.length) + SHAPES.length) % SHAPES.length]!;
  if (shape === "circle") return el("circle", { cx: x, cy: y, r, fill });
  if (shape === "square") {
    const h = r * 0.9;
    return el("rect", { x: x - h, y: y - h, width: 2 * h, height: 2 * h, fill });
  }
  const t = r * 1.2;
  if (shape === "triangle")
    return polygon(
      [
        [x, y - t],
        [x + t, y + t * 0.8],
        [x - t, y + t * 0.8],
      ],
      fill,
    );
  if (shape === "triangle-down")
    return polygon(
      [
        [x, y + t],
        [x + t, y - t * 0.8],
        [x - t, y - t * 0.8],
      ],
      fill,
    );
  return polygon(
    [
      [x, y - t],
      [x + t, y],
      [x, y + t],
      [x - t, y],
    ],
    fill,
  );
}
