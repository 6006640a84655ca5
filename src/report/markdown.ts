// `--format markdown` of run, compare and sweeps: the same tables as the text output, as GitHub
// tables to paste into a review or an issue. Significant changes are bold.

import type { Comparison } from "../lab/compare/summary.ts";
import type { SweepResult } from "../lab/compare/sweep.ts";
import { formatDuration_ns, formatRateCi } from "./format.ts";
import { cell, legend, METRICS } from "./text/metrics.ts";

function escapeCell(s: string): string {
  return s.replaceAll("|", "\\|");
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(escapeCell).join(" | ")} |`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = head.map((_, i) => (i === 0 ? "---" : "---:"));
  return [tableRow(head), `|${align.join("|")}|`, ...rows.map(tableRow)].join("\n");
}

export function comparisonMarkdown(c: Comparison, replay: readonly string[]): string {
  const base = c.results[0]!;
  const rows = METRICS.map((m) => [
    m.label.trim() === "95% CI" ? "failure rate 95% CI" : m.label.trim(),
    ...c.results.map((r) => {
      const x = cell(m, base, r);
      if (x.change === undefined) return x.value;
      const text = r === base ? x.value : `${x.value} (${x.change})`;
      return x.significant ? `**${text}**` : text;
    }),
  ]);
  const title = `**${c.scenario}**: ${c.runs} runs per kernel, seeds ${c.seed}..${c.seed + c.runs - 1}`;
  const note = legend(base.kernel).replace("* x%*", "bold");
  return `${title}\n\n${table(["", ...c.results.map((r) => `\`${r.kernel}\``)], rows)}\n\n${note}\n\n${replayBlock(replay)}`;
}

export function sweepMarkdown(s: SweepResult, replay: readonly string[]): string {
  const fmt = (v: number) => (s.vary.isDuration ? formatDuration_ns(v) : String(v));
  const head = [s.vary.param, ...s.kernels.flatMap((k) => [`\`${k}\` failed (95% CI)`, "p99"])];
  const rows = s.points.map((row, i) => [
    fmt(s.vary.values[i]!),
    ...row.flatMap((k) =>
      k.pins_attempted === 0
        ? ["no pin completed", "-"]
        : [
            `${k.pins_failed}/${k.pins_attempted} ${formatRateCi(k.failure_rate, k.ci95.low, k.ci95.high)}`,
            formatDuration_ns(k.pin_latency_ns.p99),
          ],
    ),
  ]);
  const title = `**${s.scenario}**: ${s.runs} runs per point, seeds ${s.seed}..${s.seed + s.runs - 1}`;
  return `${title}\n\n${table(head, rows)}\n\n${replayBlock(replay)}`;
}

function replayBlock(lines: readonly string[]): string {
  return lines.length === 0 ? "" : `To replay:\n\n\`\`\`sh\n${lines.join("\n")}\n\`\`\`\n`;
}
