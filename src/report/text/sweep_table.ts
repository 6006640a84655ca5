// Human output of a sweep: one row per value, a failure-rate and p99 column pair per kernel.

import type { SweepResult } from "../../lab/compare/sweep.ts";
import { formatDuration_ns, formatRateCi } from "../format.ts";
import { shellWord } from "./columns.ts";
import { type ReplayContext, withoutText } from "./table.ts";

export function formatSweep(r: SweepResult): string {
  const fmt = (v: number) => (r.vary.isDuration ? formatDuration_ns(v) : String(v));
  const head = [r.vary.param, ...r.kernels.flatMap((k) => [`${k} failed (95% CI)`, "p99"])];
  const rows = r.points.map((row, i) => [
    fmt(r.vary.values[i]!),
    ...row.flatMap((k) => [
      k.pins_attempted === 0
        ? "no pin completed"
        : `${k.pins_failed}/${k.pins_attempted} ${formatRateCi(k.failure_rate, k.ci95.low, k.ci95.high)}`,
      k.pins_attempted === 0 ? "-" : formatDuration_ns(k.pin_latency_ns.p99),
    ]),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  const title = `${r.scenario}: ${r.runs} runs per point, seeds ${r.seed}..${r.seed + r.runs - 1}`;
  return `${[title, "", line(head), ...rows.map(line)].join("\n")}\n`;
}

/** `pinsim run S --kernel K1,K2 --vary P=... --seed N --runs R`: replays the sweep. */
export function sweepCommandLine(ctx: ReplayContext, r: SweepResult, varyText: string): string {
  const kernels = shellWord(r.kernels.join(","));
  return `pinsim run ${shellWord(ctx.scenarioArg)} --kernel ${kernels} --vary ${shellWord(varyText)} --seed ${r.seed} --runs ${r.runs}${withoutText(ctx)}`;
}
