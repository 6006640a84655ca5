// Writing an output file whole or not at all: a temporary file renamed into place, so a failed
// run never leaves a partial file behind. SVG as text; .png rendered from the SVG.

import { renameSync, unlinkSync, writeFileSync } from "node:fs";
import { svgToPng } from "./charts/png.ts";

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw e;
  }
}

/** The extensions --plot accepts. */
export function plotFormat(path: string): "svg" | "png" | null {
  const lower = path.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  return null;
}

export function writePlot(path: string, svg: string): void {
  writeFileAtomic(path, plotFormat(path) === "png" ? svgToPng(svg, { width: 1200 }) : svg);
}
