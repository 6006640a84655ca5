// compare's default table, laid out as mmtests' compare-kernels lays it out: metrics as rows,
// kernels as columns, the first kernel the baseline; every cell is the value followed by its
// change against the baseline, "( x.xx%)", or "* x.xx%*" when the difference is significant.
// Kernel names too long for a column wrap at '+' and '-' over several header lines, never cut.

import type { KernelSummary } from "../../lab/compare/summary.ts";
import { wrap } from "./columns.ts";
import { type Cell, cell, legend, METRICS } from "./metrics.ts";

/** Width of the change field between its marks: "-100.00%" and "+17678%" fit. */
const CHANGE_WIDTH = 8;
/** The width reports are wrapped to. */
export const TEXT_WIDTH = 100;

export function formatCompareKernels(results: readonly KernelSummary[]): string {
  const base = results[0]!;
  // One kernel has nothing to be compared with: values only, no change column, no legend.
  const alone = results.length === 1;
  const grid = METRICS.map((m) =>
    results.map((r) => {
      const c = cell(m, base, r);
      return alone && c.change !== undefined ? { value: c.value, significant: false } : c;
    }),
  );
  const valueWidth = Math.max(...grid.flat().map((c) => (c.change === undefined ? 0 : c.value.length)));
  const cellWidth = Math.max(
    alone ? 0 : valueWidth + 1 + CHANGE_WIDTH + 2,
    ...grid.flat().map((c) => (c.change === undefined ? c.value.length : 0)),
  );
  const labelWidth = Math.max(...METRICS.map((m) => m.label.length));
  const header = headerLines(
    results.map((r) => r.kernel),
    cellWidth,
  );
  const lines = header.map(
    (cells) => `${"".padEnd(labelWidth)} ${cells.map((h) => h.padStart(cellWidth)).join(" ")}`,
  );
  METRICS.forEach((m, i) => {
    const cells = grid[i]!.map((c) => renderCell(c, valueWidth).padStart(cellWidth));
    lines.push(`${m.label.padEnd(labelWidth)} ${cells.join(" ")}`);
  });
  const out = lines.map((l) => l.trimEnd());
  return `${out.join("\n")}\n${alone ? "" : `\n${wrap(legend(base.kernel), TEXT_WIDTH)}\n`}`;
}

function renderCell(c: Cell, valueWidth: number): string {
  if (c.change === undefined) return c.value;
  const change = c.change.padStart(CHANGE_WIDTH);
  return `${c.value.padStart(valueWidth)} ${c.significant ? `*${change}*` : `(${change})`}`;
}

/** Each kernel's name broken into lines of at most `width`, bottom-aligned across kernels. */
export function headerLines(names: readonly string[], width: number): string[][] {
  const broken = names.map((n) => breakName(n, width));
  const depth = Math.max(...broken.map((b) => b.length));
  const padded = broken.map((b) => [...Array<string>(depth - b.length).fill(""), ...b]);
  return Array.from({ length: depth }, (_, row) => padded.map((b) => b[row]!));
}

/** "v6.15+hugh-refcount-check" -> ["v6.15+hugh-", "refcount-check"] at width 18. */
export function breakName(name: string, width: number): string[] {
  if (name.length <= width) return [name];
  const pieces = name.split(/(?=\+)|(?<=-)/); // before each '+', after each '-'
  const lines: string[] = [];
  let line = "";
  for (const p of pieces) {
    if (line !== "" && line.length + p.length > width) {
      lines.push(line);
      line = "";
    }
    line += p;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
