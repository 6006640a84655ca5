// `pinsim check` output: the configuration, what was explored, a verdict per property in herd7's
// words (Never / Sometimes / Always fails), and each counterexample.

import type { CheckResult } from "../../check/check.ts";
import { formatCounterexample } from "./counterexample.ts";

export interface CheckTiming {
  readonly wall_s: number;
  /** Seconds until the first violation was found, if one was. */
  readonly firstViolation_s: number | null;
}

export function formatCheck(r: CheckResult, t: CheckTiming, patchModule?: string): string {
  const out: string[] = [];
  const bound = r.maxPreemptions === null ? "no preemption bound" : `at most ${r.maxPreemptions} preemptions`;
  out.push(`check ${r.scenario} on ${r.kernel}: ${r.strategy}, ${bound}, timers ${r.timers}`);
  out.push(
    `small configuration: ${plural(r.cpus, "CPU")}, ${plural(r.folios, "folio")} per region, ${plural(r.repeats, "repeat")} of each operation`,
  );
  out.push(exploredLine(r, t));
  out.push("");
  const width = Math.max(...r.properties.map((p) => p.id.length)) + 2;
  // herd7's words: how many of the executions explored violate the property.
  out.push(`  ${"violated".padEnd(11)}${"property".padEnd(width)}description`);
  for (const p of r.properties) {
    const count = p.failed > 0 ? `  (${p.failed} of ${r.stats.executions + r.stats.pruned} executions)` : "";
    out.push(`  ${p.verdict.padEnd(11)}${p.id.padEnd(width)}${p.description}${count}`);
  }
  out.push("", conclusion(r));
  for (const cx of r.counterexamples) out.push("", formatCounterexample(cx, patchModule).trimEnd());
  return `${out.join("\n")}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** What the run shows: a violation, a proof for this configuration, or nothing either way. */
function conclusion(r: CheckResult): string {
  const s = r.stats;
  const n = s.executions + s.pruned;
  if (r.violated) {
    const names = r.counterexamples.map((c) => c.property).join(", ");
    return `violated: ${names} (exit 1)`;
  }
  const proof = s.complete && s.stoppedBy === "exhausted" && r.maxPreemptions === null;
  if (proof)
    return `no violation in any of the ${n} executions: every interleaving of this small configuration was explored (exit 0)`;
  return `no violation found; incomplete: ${n} executions, stopped by ${incompleteWhy(r)} — not a proof (exit 3)`;
}

function exploredLine(r: CheckResult, t: CheckTiming): string {
  const s = r.stats;
  const rate = t.wall_s > 0 ? Math.round((s.executions + s.pruned) / t.wall_s) : 0;
  const status =
    s.complete && s.stoppedBy === "exhausted"
      ? r.maxPreemptions === null
        ? "complete"
        : "complete for this bound"
      : `incomplete (${incompleteWhy(r)})`;
  const first =
    r.firstViolationExecution === null
      ? ""
      : `; first violation in execution ${r.firstViolationExecution}${t.firstViolation_s === null ? "" : ` after ${t.firstViolation_s.toFixed(3)} s`}`;
  return `explored ${s.executions} executions, ${s.pruned} pruned, ${s.events} events in ${t.wall_s.toFixed(2)} s (${rate}/s): ${status}${first}`;
}

function incompleteWhy(r: CheckResult): string {
  const s = r.stats;
  if (s.strategy === "pct" || s.strategy === "random") return `${s.strategy} samples executions`;
  if (s.stoppedBy === "max-executions") return "--max-executions reached";
  if (s.stoppedBy === "deadline") return "--max-seconds reached";
  if (s.stoppedBy === "requested") return "stopped at the first violation";
  if (s.boundDropped === 0) return `the preemption bound ${r.maxPreemptions}`;
  return `${s.boundDropped} reorderings needed more preemptions than the bound`;
}

export interface EstimateView {
  readonly scenario: string;
  readonly kernel: string;
  readonly cpus: number;
  readonly folios: number;
  readonly strategy: string;
  readonly maxPreemptions: number | null;
  readonly sleepSets: boolean;
  readonly executions: number;
  readonly stderr: number;
  readonly probes: number;
  readonly eventsPerExecution: number;
  readonly probe_s: number;
  readonly predicted_s: number;
}

export function formatEstimate(e: EstimateView): string {
  const bound = e.maxPreemptions === null ? "no preemption bound" : `at most ${e.maxPreemptions} preemptions`;
  const tree = `DFS${e.sleepSets ? " with sleep sets" : ""}, ${bound}`;
  const lines = [
    `estimate for check ${e.scenario} on ${e.kernel}: ${e.cpus} CPUs, ${e.folios} folio${e.folios === 1 ? "" : "s"}`,
    `  ${tree}: ~${sig(e.executions)} executions (± ${sig(e.stderr)}, Knuth's estimator over ${e.probes} probes),`,
    `  ~${e.eventsPerExecution.toFixed(0)} events each: ~${duration(e.predicted_s)} (probing took ${e.probe_s.toFixed(2)} s)`,
  ];
  if (e.strategy === "dpor") lines.push("  dpor explores a part of this tree: read it as an upper bound");
  if (e.strategy === "pct" || e.strategy === "random")
    lines.push(`  ${e.strategy} samples executions: this is the size of the space it samples`);
  return `${lines.join("\n")}\n`;
}

function sig(x: number): string {
  if (x >= 1e6) return x.toExponential(2);
  return x >= 100 ? Math.round(x).toString() : x.toFixed(1);
}

function duration(s: number): string {
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}
