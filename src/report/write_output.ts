// Writing an output file whole or not at all: a temporary file renamed into place, so a failed
// run never leaves a partial file behind. Charts: the Vega-Lite spec itself (.vl.json), or it
// rendered to SVG, or to PNG.

import { renameSync, unlinkSync, writeFileSync } from "node:fs";
import type { TopLevelSpec } from "vega-lite";
import { renderPng, renderSvg } from "./charts/render.ts";

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
export function plotFormat(path: string): "svg" | "png" | "vl.json" | null {
  const lower = path.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  if (lower.endsWith(".vl.json")) return "vl.json";
  return null;
}

export async function writePlot(path: string, spec: TopLevelSpec): Promise<void> {
  const format = plotFormat(path);
  if (format === "vl.json") writeFileAtomic(path, `${JSON.stringify(spec, null, 2)}\n`);
  else writeFileAtomic(path, format === "png" ? await renderPng(spec, 1200) : await renderSvg(spec));
}
