// The document `pinsim run` / `pinsim compare` prints for a comparison, in each --format: one
// function, so the command line and the browser playground print the same bytes.

import type { KernelConfig } from "../kernel/config.ts";
import type { Comparison } from "../lab/compare/summary.ts";
import type { RunResult } from "../lab/run/run_result.ts";
import { comparisonCsv } from "./csv.ts";
import { comparisonMarkdown } from "./markdown.ts";
import type { OutputFormat } from "./output_formats.ts";
import { comparisonJson } from "./text/run_json.ts";
import { formatComparison, formatPins, type ReplayContext, replayCommandLines } from "./text/table.ts";

/** `single`: the one run of a one-kernel, one-run experiment, whose pins the text lists. */
export function comparisonOutput(
  c: Comparison,
  configs: readonly KernelConfig[],
  ctx: ReplayContext,
  format: OutputFormat,
  single: RunResult | undefined,
): string {
  if (format === "json") return comparisonJson(c, configs, single);
  if (format === "csv") return comparisonCsv(c);
  if (format === "markdown") return comparisonMarkdown(c, replayCommandLines(c, ctx));
  return formatComparison(c, ctx, format) + (single ? `\n${formatPins(single)}` : "");
}
