// Human output of `pinsim run` and `pinsim compare`: one row per kernel, then what replays it,
// then any property a run violated with the lines that replay and explain that run.

import { errnoName } from "../../kernel/errno.ts";
import type { Comparison, KernelSummary } from "../../lab/compare/summary.ts";
import type { RunResult } from "../../lab/run/run_result.ts";
import type { PropertySpec } from "../../scenarios/scenario.ts";
import type { PinRecord } from "../../workloads/pin_record.ts";
import { formatDuration_ns, formatRateCi } from "../format.ts";
import { type Column, renderColumns, shellWord, wrap } from "./columns.ts";
import { formatCompareKernels, TEXT_WIDTH } from "./compare_kernels.ts";

/** How the user named the experiment, so printed command lines replay it exactly. */
export interface ReplayContext {
  /** The scenario argument as given (built-in name or path). */
  readonly scenarioArg: string;
  readonly description: string;
  /** --without actor names, if any. */
  readonly without: readonly string[];
  /** --patch-module FILE, if given: a replay needs it to know the module's patch. */
  readonly patchModule?: string;
}

/**
 * "text": compare-kernels layout (metrics as rows, kernels as columns, changes against the first
 * kernel); "wide": one row per kernel, every figure a column.
 */
export function formatComparison(
  c: Comparison,
  ctx: ReplayContext,
  layout: "text" | "wide" = "text",
): string {
  const parts = [
    `${wrap(`${c.scenario}: ${ctx.description}`, TEXT_WIDTH, "  ")}\n`,
    c.runs === 1
      ? `1 run per kernel, seed ${c.seed}\n\n`
      : `${c.runs} runs per kernel, seeds ${seedSpan(c)} (run i uses seed ${c.seed}+i)\n\n`,
    layout === "wide" ? renderColumns(columns(c.results)) : formatCompareKernels(c.results),
    "\n",
    replayLines(c, ctx),
    ...c.results.map((r) => problems(r, ctx)),
  ];
  return parts.join("");
}

function seedSpan(c: Comparison): string {
  return `${c.seed}..${c.seed + c.runs - 1}`;
}

function columns(rs: readonly KernelSummary[]): Column[] {
  const num = (head: [string, string], f: (r: KernelSummary) => number | string): Column => ({
    head,
    align: "right",
    cells: rs.map((r) => String(f(r))),
  });
  const us = (head: [string, string], f: (r: KernelSummary) => number) =>
    num(head, (r) => (r.pins_attempted ? formatDuration_ns(f(r)) : "-"));
  return [
    { head: ["kernel", ""], align: "left", cells: rs.map((r) => r.kernel) },
    num(["runs", ""], (r) => r.runs),
    num(["pins", ""], (r) => r.pins_attempted),
    num(["pins", "failed"], (r) => r.pins_failed),
    num(["failure rate", "(95% CI)"], rateText),
    num(["runs with", "a failure"], (r) => r.runs_with_failure),
    num(["outer", "retries"], (r) => r.outer_retries),
    num(["drains", "local"], (r) => r.drains_local),
    num(["drains", "global"], (r) => r.drains_global),
    num(["of which", "unhelpful"], (r) => r.drains_unhelpful),
    num(["drain work", "items"], (r) => r.drain_work_items),
    num(["migrate", "attempts"], (r) => r.migrate_attempts),
    num(["migrate", "-EAGAIN"], (r) => r.migrate_eagain),
    num(["waits", ""], (r) => r.waits),
    num(["wake-ups", ""], (r) => r.wakeups),
    num(["static-key", "toggles"], (r) => r.static_key_toggles),
    us(["pin latency", "p50"], (r) => r.pin_latency_ns.p50),
    us(["", "p99"], (r) => r.pin_latency_ns.p99),
    us(["", "max"], (r) => r.pin_latency_ns.max),
  ];
}

function rateText(r: KernelSummary): string {
  if (r.pins_attempted === 0) return "-";
  return formatRateCi(r.failure_rate, r.ci95.low, r.ci95.high);
}

/** `pinsim run <scenario> --kernel K --seed N --runs R [--without A]` */
export function runCommandLine(ctx: ReplayContext, kernel: string, seed: number, runs: number): string {
  return `pinsim run ${shellWord(ctx.scenarioArg)} --kernel ${shellWord(kernel)} --seed ${seed} --runs ${runs}${withoutText(ctx)}`;
}

export function explainCommandLine(ctx: ReplayContext, kernel: string, seed: number): string {
  return `pinsim explain ${shellWord(ctx.scenarioArg)} --kernel ${shellWord(kernel)} --seed ${seed}${withoutText(ctx)}`;
}

/** The command lines that replay the comparison, then each kernel's runs. */
export function replayCommandLines(c: Comparison, ctx: ReplayContext): string[] {
  const lines = c.results.map((r) => runCommandLine(ctx, r.kernel, c.seed, c.runs));
  if (c.results.length > 1) lines.unshift(compareCommandLine(ctx, c));
  return lines;
}

function replayLines(c: Comparison, ctx: ReplayContext): string {
  const lines = replayCommandLines(c, ctx).map((l) => `  ${l}\n`);
  return `seed ${c.seed}; to replay:\n${lines.join("")}`;
}

function compareCommandLine(ctx: ReplayContext, c: Comparison): string {
  const kernels = shellWord(c.results.map((r) => r.kernel).join(","));
  return `pinsim compare ${shellWord(ctx.scenarioArg)} --kernels ${kernels} --seed ${c.seed} --runs ${c.runs}${withoutText(ctx)}`;
}

/** The options every replay line repeats: --without, --patch-module. */
export function withoutText(ctx: ReplayContext): string {
  const without = ctx.without.length > 0 ? ` --without ${shellWord(ctx.without.join(","))}` : "";
  const module = ctx.patchModule === undefined ? "" : ` --patch-module ${shellWord(ctx.patchModule)}`;
  return without + module;
}

export function propertyName(p: PropertySpec): string {
  return "value" in p ? `${p.kind}: ${p.value}` : p.kind;
}

function problems(r: KernelSummary, ctx: ReplayContext): string {
  const out: string[] = [];
  for (const p of r.properties) {
    if (p.violations === 0) continue;
    out.push(
      `\nproperty ${propertyName(p.property)} violated on ${r.kernel} in ${p.violations} of ${r.runs} runs; first at seed ${p.first_seed}:\n`,
    );
    const replay = r.runs === 1 ? "" : `  ${runCommandLine(ctx, r.kernel, p.first_seed!, 1)}\n`;
    out.push(`${replay}  ${explainCommandLine(ctx, r.kernel, p.first_seed!)}\n`);
  }
  if (r.livelocks > 0)
    out.push(`\n${r.kernel}: ${r.livelocks} run(s) reached the outer GUP retry cap (livelock)\n`);
  if (r.invariant_failures > 0) {
    const seed = r.first_invariant_failure_seed!;
    out.push(
      `\n${r.kernel}: NR_ISOLATED not back to 0 at the end of ${r.invariant_failures} run(s); first at seed ${seed}:\n`,
    );
    out.push(`  ${runCommandLine(ctx, r.kernel, seed, 1)}\n`);
  }
  if (r.runs_stopped > 0)
    out.push(
      `\n${r.kernel}: ${r.runs_stopped} run(s) reached the scenario's stop time with actors still running\n`,
    );
  return out.join("");
}

/** The pin calls of one run, in the order they were made (`pinsim run --runs 1`). */
export function formatPins(result: RunResult): string {
  const ps = result.pins;
  if (ps.length === 0) return `no pin calls in this run (${result.outcome})\n`;
  const col = (head: [string, string], align: "left" | "right", f: (p: PinRecord) => string): Column => ({
    head,
    align,
    cells: ps.map(f),
  });
  const table = renderColumns([
    col(["actor", ""], "left", (p) => p.actor),
    col(["call", ""], "right", (p) => String(p.seq)),
    col(["cpu", ""], "right", (p) => String(p.cpu)),
    col(["region", ""], "left", (p) => p.region),
    col(["first", "page"], "right", (p) => String(p.page)),
    col(["pages", ""], "right", (p) => String(p.nr_pages)),
    col(["start", ""], "right", (p) => formatDuration_ns(p.start_ns)),
    col(["returned", ""], "right", (p) => errnoName(p.ret)),
    col(["caller", "sees"], "right", (p) => (p.errno === 0 ? "ok" : errnoName(p.errno))),
    col(["latency", ""], "right", (p) => formatDuration_ns(p.latency_ns)),
    col(["outer", "retries"], "right", (p) => String(p.outer_retries)),
    col(["drains", "local"], "right", (p) => String(p.drains_local)),
    col(["drains", "global"], "right", (p) => String(p.drains_global)),
  ]);
  return `pin calls of seed ${result.seed} on ${result.kernel} (${result.outcome} at ${formatDuration_ns(result.end_ns)}):\n${table}`;
}

/** `pinsim scenarios`: name and description, one per line. */
export function formatScenarioList(list: readonly { name: string; description: string }[]): string {
  const width = Math.max(0, ...list.map((s) => s.name.length)) + 2;
  const lines = list.map((s) => `  ${s.name.padEnd(width)}${s.description}`);
  return (
    `built-in scenarios (pinsim run NAME --kernel KERNEL):\n${lines.join("\n")}\n\n` +
    "pinsim scenarios show NAME prints one as YAML, a template for your own; a path to a .yaml file\n" +
    "works wherever a name does (docs/scenarios.md).\n"
  );
}
