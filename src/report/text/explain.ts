// `pinsim explain` as text: the failed pin, its folio's references by holder, the drain decision
// collect took, and why it did not help; then the same page on the comparison kernel.

import type { KernelConfig } from "../../kernel/config.ts";
import { errnoName } from "../../kernel/errno.ts";
import type { DecisionReason, Diagnosis, RefReason } from "../../lab/explain/diagnose.ts";
import type { Explanation, FolioStory, KernelStory } from "../../lab/explain/explain.ts";
import type { FolioSnapshot, HolderView } from "../../lab/explain/folio_snapshot.ts";
import type { DecisionView } from "../../lab/explain/pin_tracer.ts";
import type { PinRecord } from "../../workloads/pin_record.ts";
import { formatDuration_ns } from "../format.ts";

const t = (ns: number) => `t=${formatDuration_ns(ns)}`;

export function formatExplanation(e: Explanation): string {
  const p = e.primary;
  const out = [header(e)];
  if (p.pin === null && e.searched > 1) return `${out.join("")}no pin failed in any run\n`;
  if (p.pin === null) return `${out.join("")}no pin failed (${p.pins_in_run} pin calls, all succeeded)\n`;
  const run = e.replay === undefined ? "this run" : "this schedule";
  out.push(`${p.pins_in_run} pin calls in ${run}, ${p.failed_in_run} failed. The first failure:\n\n`);
  out.push(pinLine(p.pin), storyText(p));
  if (e.vs !== null) out.push(`\non ${e.vs.kernel}, same seed:\n`, vsText(e.vs));
  return out.join("");
}

function header(e: Explanation): string {
  const r = e.replay;
  if (r !== undefined)
    return `${e.scenario} on ${e.primary.kernel}, the ${r.property} counterexample replayed (${r.cpus} CPUs, ${r.folios} folio${r.folios === 1 ? "" : "s"} per region, ${r.decisions} scheduling decisions)\n`;
  if (e.primary.pin === null && e.searched > 1) {
    return `${e.scenario} on ${e.primary.kernel}, seeds ${e.seed}..${e.seed + e.searched - 1}: `;
  }
  const how = e.searched > 1 ? ` (the first failing seed of ${e.searched} tried)` : "";
  return `${e.scenario} on ${e.primary.kernel}, seed ${e.seed}${how}\n`;
}

function pinLine(p: PinRecord): string {
  const what =
    p.nr_pages === 1
      ? `${p.region} page ${p.page}`
      : `${p.region} pages ${p.page}..${p.page + p.nr_pages - 1}`;
  const drains = `${p.outer_retries} outer retr${p.outer_retries === 1 ? "y" : "ies"}, ${p.drains_local} local + ${p.drains_global} global drains`;
  const sees = p.errno !== 0 && p.errno !== p.ret ? `; the caller sees ${errnoName(p.errno)}` : "";
  return (
    `  ${p.actor} (CPU ${p.cpu}), pin call ${p.seq}: ${what} at ${t(p.start_ns)}\n` +
    `  returned ${errnoName(p.ret)} after ${formatDuration_ns(p.latency_ns)} (${drains})${sees}\n`
  );
}

function storyText(s: KernelStory): string {
  const f = s.folio;
  if (f === null) return "\n  (the pinned page had no folio when collect began)\n";
  const out = [`\n  folio ${f.folio}, ${f.region} page ${f.page}:\n`];
  if (f.at_collect !== null) out.push(snapshotText("when collect began", f.at_collect));
  out.push(...f.decisions.map((d) => `    drain decision: ${decisionText(d, s.config)}\n`));
  out.push(checksText(f));
  if (f.at_failed_check !== null) out.push(snapshotText("at the last failed check", f.at_failed_check));
  if (f.diagnosis !== null) out.push(diagnosisText(f.diagnosis, s));
  if (s.other_failed_folios.length > 0)
    out.push(`\n  other folios of this pin whose migration failed: ${s.other_failed_folios.join(", ")}\n`);
  return out.join("");
}

function snapshotText(when: string, s: FolioSnapshot): string {
  const where = s.lru_list === null ? "on no LRU list" : `on the ${s.lru_list} list`;
  const place = `ZONE_${s.zone}${s.migratetype === "CMA" ? ", CMA pageblock" : ""}`;
  return (
    `    ${when} (${t(s.t_ns)}): refcount ${s.refcount}, folio_expected_ref_count ${s.expected_base}, ` +
    `${s.flags || "no flags"}, ${where}, ${place}\n` +
    `      references: ${s.holders.map(holderText).join(", ")}\n` +
    s.batches
      .map(
        (b) =>
          `      in the ${b.batch} batch of CPU ${b.cpu}: queued by ${b.queued_by}'s ${b.op} at ${t(b.queued_ns)}\n`,
      )
      .join("")
  );
}

function holderText(h: HolderView): string {
  return h.refs === h.count ? `${h.holder} ${h.count}` : `${h.holder} ${h.count} (+${h.refs})`;
}

function decisionText(d: DecisionView, c: KernelConfig): string {
  const test =
    d.test === "lru-flag"
      ? `PG_lru ${d.lru ? "set" : "clear"}${d.mlocked ? ", mlocked" : ""}${d.unevictable ? ", unevictable" : ""}`
      : `refcount ${d.count} ${d.count === d.expected + d.extra_refs ? "==" : "!="} expected ${d.expected} + ${d.extra_refs}`;
  return `${d.test} test (${test}) → ${actionText(d, c)}; batch references ${d.batch_refs_before} → ${d.batch_refs_after}`;
}

function actionText(d: DecisionView, c: KernelConfig): string {
  if (d.action === "none")
    return d.drained_before === 2 ? "no drain (already drained this pass)" : "no drain";
  if (d.action === "local") return "lru_add_drain()";
  const both = d.test === "refcount" && c.collect_local_drain_first && d.drained_before === 0;
  return both ? "lru_add_drain(), then lru_add_drain_all()" : "lru_add_drain_all()";
}

function checksText(f: FolioStory): string {
  const n = f.checks.length;
  if (n === 0) return "    no reference-count check (migration did not reach the move step)\n";
  const bad = f.checks.filter((c) => !c.ok).length;
  const last = f.checks.at(-1)!;
  if (last.ok) {
    const to =
      f.migrated_to === null
        ? ""
        : `; migrated to folio ${f.migrated_to.folio} in ZONE_${f.migrated_to.zone}`;
    return `    reference-count check passed at pass ${last.pass} (${last.count} == ${last.expected})${bad > 0 ? ` after ${bad} failed` : ""}${to}\n`;
  }
  return `    reference-count check failed ${bad} time${bad === 1 ? "" : "s"}; the last (pass ${last.pass}, ${t(last.t_ns)}): refcount ${last.count}, expected ${last.expected} (${last.expected - 1} + 1 isolation)\n`;
}

function diagnosisText(d: Diagnosis, s: KernelStory): string {
  const span = formatDuration_ns(d.last_failed_ns - d.first_failed_ns);
  const out = [`\n  why the migration failed (${d.failed_checks} failed checks over ${span}):\n`];
  out.push(...wrap(decisionSentence(d.decision, s)));
  for (const r of d.refs) out.push(...wrap(refSentence(r, d, s)));
  return out.join("");
}

function decisionSentence(r: DecisionReason, s: KernelStory): string {
  switch (r.kind) {
    case "lru-flag-set":
      return `The drain test looked at PG_lru, which was set because ${lruWhy(r.lru_list)}; PG_lru says nothing about the mlock batch or other CPUs' batches, so collect did not drain.`;
    case "mlocked-but-unevictable":
      return "The drain test fires for a folio that is mlocked but not yet unevictable; this one was already unevictable (draining its lru_add batch entry had put it on the unevictable list), so collect did not drain.";
    case "drained-because-mlocked":
      return "Collect drained every CPU because the folio is mlocked (the drain-if-mlocked patch).";
    case "already-drained":
      return "Collect had already drained in this pass, for an earlier folio, and drains at most once per pass.";
    case "refcount-matched":
      return `At collect time the refcount matched (${r.count} == ${r.expected} + ${r.extra_refs}): there was no extra reference yet, so collect did not drain; it was taken afterwards.`;
    case "large-skipped":
      return "Large folios never stay in per-CPU batches (folio_may_be_lru_cached()), so collect does not drain for them.";
    case "drained":
      return `Collect drained (${actionText(r.decision, s.config)}), but that did not remove the reference below.`;
    case "patch-rule":
      return r.drained
        ? `Collect drained because the patch's rule "${r.rule}" said so, but that did not remove the reference below.`
        : `The patch's rule "${r.rule}" decided not to drain for this folio.`;
    case "no-decision":
      return "There was no drain decision for this folio (hugetlb or device memory is isolated another way).";
  }
}

function lruWhy(list: string | null): string {
  if (list === null) return "batched folios keep PG_lru set in this kernel";
  return `the folio was already on the ${list} LRU list (its lru_add batch entry had been drained)`;
}

function refSentence(r: RefReason, d: Diagnosis, s: KernelStory): string {
  const held = `still held at the last check (${t(d.last_failed_ns)})`;
  switch (r.kind) {
    case "batch":
      return batchSentence(r, held);
    case "transient":
      return `The extra reference is transient: "${r.ref.label}", taken on CPU ${r.ref.cpu} at ${t(r.ref.since_ns)} and ${held}. No drain releases it; migration's passes ran back to back${waitNote(s)}.`;
    case "actor":
      return r.hold.kind === "gup-get"
        ? `The extra reference is a short-term GUP reference (FOLL_GET) of ${r.hold.actor}'s ${r.hold.label}, taken on CPU ${r.hold.cpu} at ${t(r.hold.since_ns)} and ${held}. No drain releases it.`
        : `The folio is also pinned by ${r.hold.actor} (${r.hold.label}, since ${t(r.hold.since_ns)}): another pin's references look like extra ones.`;
    case "unnamed":
      return `${r.refs} more reference(s) that pinsim's ledger cannot attribute to a named holder.`;
  }
}

function batchSentence(r: Extract<RefReason, { kind: "batch" }>, held: string): string {
  const e = r.entry;
  const who = `the ${e.batch} batch of CPU ${e.cpu}, queued by ${e.queued_by}'s ${e.op} at ${t(e.queued_ns)}`;
  if (r.queued_after_drain)
    return `The extra reference is held by ${who}: queued after the drain, so the drain could not release it; ${held}.`;
  if (e.cpu === r.pinning_cpu)
    return `The extra reference is held by ${who} — the pinning CPU's own batch, which a local lru_add_drain() would have released; ${held}.`;
  return `The extra reference is held by ${who}, which only lru_add_drain_all() or a drain on CPU ${e.cpu} would release; ${held}.`;
}

function waitNote(s: KernelStory): string {
  const w = s.config.hubbard_wait;
  if (!w.enabled) return ", over in microseconds, without waiting for it";
  return `, each -EAGAIN waiting up to ${formatDuration_ns(w.timeout_ns)} for it (hubbard-wait)`;
}

function vsText(s: KernelStory): string {
  if (s.pin === null)
    return `  no pin of that page in the run (${s.pins_in_run} pin calls, ${s.failed_in_run} failed)\n`;
  return pinLine(s.pin) + storyText(s);
}

/** Wraps a sentence at ~100 columns with the explanation's indent. */
function wrap(text: string, indent = "    "): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of glueUnits(text.split(" "))) {
    if (line.length > 0 && indent.length + line.length + 1 + word.length > 100) {
      lines.push(`${indent}${line}\n`);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(`${indent}${line}\n`);
  return lines;
}

/** Keeps "308 µs" on one line: a unit word sticks to the number before it. */
function glueUnits(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (out.length > 0 && /^(ns|µs|ms|s)\b/.test(w)) out[out.length - 1] += ` ${w}`;
    else out.push(w);
  }
  return out;
}
