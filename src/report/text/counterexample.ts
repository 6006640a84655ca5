// A counterexample as text: one lane per CPU, one row per step, with the kernel functions the
// step ran, what happened to references, and the ledger of the folios it touched; then the line
// that replays it.

import type { Counterexample, CxStep, LedgerLine } from "../../check/counterexample.ts";
import type { HolderNote, NamedHolder } from "../../check/holder.ts";
import { shellWord } from "./columns.ts";

const LANE_WIDTH = 56;

/**
 * `patchModule` is the --patch-module the check ran with: the token names the module's patch
 * but never the file (a token must not make pinsim import code), so the replay line repeats it.
 */
export function formatCounterexample(cx: Counterexample, patchModule?: string): string {
  const out: string[] = [];
  out.push(`counterexample: ${cx.property} — ${cx.message}`);
  const shrunk =
    cx.shrinkAttempts === 0
      ? ""
      : ` (shrunk from ${cx.original.steps} steps, ${plural(cx.original.preemptions, "preemption")}; ${cx.shrinkAttempts} replays)`;
  out.push(`  ${cx.steps.length} steps, ${plural(cx.preemptions, "preemption")}${shrunk}`);
  out.push("");
  out.push(laneHeader(cx));
  for (const s of cx.steps) out.push(...stepLines(s));
  out.push("");
  out.push(`replay: ${replayLine(cx.token, patchModule)}`);
  return `${out.join("\n")}\n`;
}

export function replayLine(token: string, patchModule: string | undefined): string {
  const module = patchModule === undefined ? "" : ` --patch-module ${shellWord(patchModule)}`;
  return `pinsim replay${module} ${token}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function laneHeader(cx: Counterexample): string {
  const lanes: string[] = [];
  for (let cpu = 0; cpu < cx.cpus; cpu++) {
    const tasks = [...new Set(cx.steps.filter((s) => s.cpu === cpu).map((s) => s.task))];
    lanes.push(
      `CPU ${cpu}${tasks.length > 0 ? ` (${tasks.join(", ")})` : ""}`
        .slice(0, LANE_WIDTH - 1)
        .padEnd(LANE_WIDTH),
    );
  }
  return `  step ${lanes.join("").trimEnd()}`;
}

/** A step's first line: the task and what it ran ("⤳ " marks a preemption). */
export function stepHead(s: CxStep): string {
  const what = s.timer
    ? "timer expires"
    : s.functions.length > 0
      ? functionsText(s.functions)
      : s.exited
        ? "exits"
        : "(own code)";
  return `${s.preemption ? "⤳ " : ""}${s.task}: ${what}`;
}

function stepLines(s: CxStep): string[] {
  const head = stepHead(s);
  const body = [...s.notes.map((n) => `· ${n}`), ...s.holders.map(holderLine), ...s.ledger.map(ledgerText)];
  const lines: string[] = [];
  const prefix = "│".padEnd(LANE_WIDTH).repeat(s.cpu);
  for (const [i, t] of wrap(head, LANE_WIDTH - 1).entries()) {
    lines.push(`${(i === 0 ? String(s.index) : "").padStart(6)} ${prefix}${t}`);
  }
  for (const b of body)
    for (const t of wrap(b, LANE_WIDTH - 3)) lines.push(`${"".padStart(6)} ${prefix}  ${t}`);
  return lines;
}

/** "⚑ f4: the extra reference is held by the mlock batch of CPU 1, queued by vmm's mlock2 at step 5". */
export function holderLine(n: HolderNote): string {
  const extra = n.count - n.expected;
  const what = extra === 1 ? "the extra reference is" : `the ${extra} extra references are`;
  return `⚑ f${n.folio}: ${what} held by ${n.holders.map(holderText).join("; and by ")}`;
}

function holderText(h: NamedHolder): string {
  if (h.kind === "unnamed") return `${h.refs} unnamed reference${h.refs === 1 ? "" : "s"}`;
  const when = h.step === null ? "during setup" : `at step ${h.step}`;
  const via = h.via ? `'s ${h.via}` : "";
  switch (h.kind) {
    case "batch":
      return `the ${h.batch} batch of CPU ${h.cpu}, queued by ${h.by}${via} ${when}`;
    case "transient":
      return `the transient reference "${h.label}" on CPU ${h.cpu}, taken ${when}`;
    default:
      return `${h.actor}'s ${h.kind === "gup-pin" ? "pin" : "GUP reference"} (${h.label}), taken ${when}`;
  }
}

function functionsText(functions: readonly string[]): string {
  const dedup = functions.filter((f, i) => i === 0 || functions[i - 1] !== f);
  const shown = dedup.length > 3 ? ["…", ...dedup.slice(-3)] : dedup;
  return shown.join(" › ");
}

export function ledgerText(l: LedgerLine): string {
  if (l.refcount === 0) return `f${l.folio} freed`;
  const holders = l.holders.map((h) => `${h.holder} ${h.refs}`).join(" + ");
  return `f${l.folio} refcount ${l.refcount} = ${holders}${l.flags ? ` [${l.flags}]` : ""}`;
}

/** Greedy word wrap at `width` (long words are cut). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      out.push(line);
      line = "";
    }
    line = line.length > 0 ? `${line} ${word}` : word;
    while (line.length > width) {
      out.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line.length > 0 || out.length === 0) out.push(line);
  return out;
}
