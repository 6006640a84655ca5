// Why a folio's migration failed, as structured facts: what the drain decision of collect saw and
// did, and which reference beyond the expected ones was still there at the failed check, held by
// whom. report/explain.ts words them; the judgement of which fact matters is made here.

import type { KernelConfig } from "../../kernel/config.ts";
import { switchedCollectRule } from "../../kernel/decisions.ts";
import type { ActorHold } from "../../workloads/holds.ts";
import type { BatchEntryView, FolioSnapshot, TransientView } from "./folio_snapshot.ts";
import type { CheckView, DecisionView } from "./pin_tracer.ts";

export type DecisionReason =
  /** ≤ 6.16: PG_lru was set, so no drain. `lru_list` says where the folio already sat. */
  | { readonly kind: "lru-flag-set"; readonly lru_list: string | null }
  /** Hugh's narrower idea: mlocked, but already unevictable, so no drain either. */
  | { readonly kind: "mlocked-but-unevictable" }
  /** Will's idea: drained because the folio is mlocked. */
  | { readonly kind: "drained-because-mlocked" }
  /** The pass had already used its drains on an earlier folio. */
  | { readonly kind: "already-drained"; readonly drained_before: number }
  /** Refcount test: no extra reference at collect time. */
  | {
      readonly kind: "refcount-matched";
      readonly count: number;
      readonly expected: number;
      readonly extra_refs: number;
    }
  /** folio_may_be_lru_cached(): large folios are never drained for. */
  | { readonly kind: "large-skipped" }
  | { readonly kind: "drained"; readonly decision: DecisionView }
  /** A patch module's own rule (kernel/decisions.ts) decided: the switches say nothing about why. */
  | { readonly kind: "patch-rule"; readonly rule: string; readonly drained: boolean }
  /** No drain decision at all (hugetlb, device-coherent): isolation goes another way. */
  | { readonly kind: "no-decision" };

export type RefReason =
  | {
      readonly kind: "batch";
      readonly entry: BatchEntryView;
      readonly queued_after_drain: boolean;
      readonly pinning_cpu: number;
    }
  | { readonly kind: "transient"; readonly ref: TransientView }
  | { readonly kind: "actor"; readonly hold: ActorHold }
  /** References the ledger attributes but nothing above names (should not happen). */
  | { readonly kind: "unnamed"; readonly refs: number };

export interface Diagnosis {
  readonly decision: DecisionReason;
  readonly refs: readonly RefReason[];
  /** The failed checks of this folio: how many, and the span of virtual time they covered. */
  readonly failed_checks: number;
  readonly first_failed_ns: number;
  readonly last_failed_ns: number;
}

export function diagnose(
  config: KernelConfig,
  decision: DecisionView | null,
  atCollect: FolioSnapshot | null,
  failed: FolioSnapshot,
  checks: readonly CheckView[],
  pinningCpu: number,
): Diagnosis {
  const bad = checks.filter((c) => !c.ok);
  return {
    decision: decisionReason(config, decision, atCollect),
    refs: refReasons(config, failed, decision, pinningCpu, bad.at(-1)),
    failed_checks: bad.length,
    first_failed_ns: bad[0]?.t_ns ?? failed.t_ns,
    last_failed_ns: bad.at(-1)?.t_ns ?? failed.t_ns,
  };
}

function decisionReason(
  config: KernelConfig,
  d: DecisionView | null,
  atCollect: FolioSnapshot | null,
): DecisionReason {
  if (d === null) return { kind: "no-decision" };
  const rule = config.rules?.collectDrain;
  if (rule !== undefined && rule !== switchedCollectRule(config) && d.drained_before !== 2)
    return { kind: "patch-rule", rule: rule.name, drained: d.action !== "none" };
  if (d.action !== "none") {
    const becauseMlocked =
      d.test === "lru-flag" && d.lru && d.mlocked && config.collect_drain_also_if !== "never";
    return becauseMlocked ? { kind: "drained-because-mlocked" } : { kind: "drained", decision: d };
  }
  if (d.drained_before === 2) return { kind: "already-drained", drained_before: d.drained_before };
  if (d.test === "lru-flag") {
    const narrow = config.collect_drain_also_if === "mlocked-not-unevictable" && d.mlocked && d.unevictable;
    return narrow
      ? { kind: "mlocked-but-unevictable" }
      : { kind: "lru-flag-set", lru_list: atCollect?.lru_list ?? null };
  }
  if (d.large && config.collect_skip_large) return { kind: "large-skipped" };
  return { kind: "refcount-matched", count: d.count, expected: d.expected, extra_refs: d.extra_refs };
}

function refReasons(
  config: KernelConfig,
  s: FolioSnapshot,
  d: DecisionView | null,
  pinningCpu: number,
  last: CheckView | undefined,
): RefReason[] {
  const out: RefReason[] = [];
  const drainedAt = d !== null && d.action !== "none" ? d.t_ns : null;
  // In the 2026 rework batch entries hold no reference (§4.8): they cannot be the culprit.
  const entries = config.batches_hold_refs ? s.batches : [];
  for (const entry of entries) {
    out.push({
      kind: "batch",
      entry,
      queued_after_drain: drainedAt !== null && entry.queued_ns > drainedAt,
      pinning_cpu: pinningCpu,
    });
  }
  for (const ref of s.transient) out.push({ kind: "transient", ref });
  for (const hold of s.actor_holds) out.push({ kind: "actor", hold });
  const named = out.length + pinBias(s) * s.actor_holds.filter((h) => h.kind === "gup-pin").length;
  const extra = last === undefined ? 0 : last.count - last.expected;
  if (extra > named) out.push({ kind: "unnamed", refs: extra - named });
  return out;
}

/** A pin on a small folio adds 1024 references, on a large one 1 (§1.3): one is counted above. */
function pinBias(s: FolioSnapshot): number {
  return s.large ? 0 : 1023;
}
