// SVG -> PNG through resvg (Rust, shipped as a prebuilt native addon in the npm package), so
// reports can embed charts where SVG is not accepted. Text needs system fonts: on Debian,
// fonts-dejavu-core provides the charts' first choice, DejaVu Sans.

import { createRequire } from "node:module";
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "./render.ts";

type ResvgModule = typeof import("@resvg/resvg-js");

// The package is CommonJS around a native .node binary; require() loads it without relying on
// Node's guess at its named ESM exports.
const require = createRequire(import.meta.url);
let resvg: ResvgModule | undefined;

function load(): ResvgModule {
  resvg ??= require("@resvg/resvg-js") as ResvgModule;
  return resvg;
}

export interface PngOptions {
  /** Output width in px; height follows the SVG's aspect ratio. Default: the SVG's own width. */
  width?: number;
}

export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  const { Resvg } = load();
  const width = opts.width;
  if (width !== undefined && !(Number.isInteger(width) && width > 0)) {
    throw new RangeError(`PNG width must be a positive integer, got ${width}`);
  }
  const r = new Resvg(svg, {
    fitTo: width === undefined ? { mode: "original" } : { mode: "width", value: width },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    logLevel: "off",
  });
  const png = r.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** PNG at `width_px` (height from the chart's aspect ratio). */
export async function renderPng(spec: TopLevelSpec, width_px: number): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec), { width: width_px });
}
