// Who holds the extra reference at a failed refcount check of a counterexample, and at which step
// it was taken: the per-CPU batch entries (with the task that queued them), the labelled transient
// references and the workload's GUP holds. The kernel's ledger only counts references per holder
// kind; this names them, as `explain` does for simulator runs.

import { BATCH_NAMES } from "../kernel/folio_batch.ts";
import { GUP_PIN_COUNTING_BIAS } from "../kernel/holders.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { TraceEvent } from "../kernel/trace.ts";
import type { World } from "../workloads/world.ts";

export type ExtraHolder =
  | {
      readonly kind: "batch";
      /** "lru_add", "lru_activate", ..., "mlock". */
      readonly batch: string;
      readonly cpu: number;
      /** comm of the task that queued the folio. */
      readonly by: string;
      /** 1-based step that queued it, null if before the explored steps (setup). */
      readonly step: number | null;
    }
  | { readonly kind: "transient"; readonly label: string; readonly cpu: number; readonly step: number | null }
  | {
      readonly kind: "gup-get" | "gup-pin";
      readonly actor: string;
      readonly label: string;
      readonly step: number | null;
    }
  /** References beyond the expected ones that nothing above names. */
  | { readonly kind: "unnamed"; readonly refs: number };

/** A holder with the entry function (outermost kernel function) of the step that took it. */
export type NamedHolder = ExtraHolder & { readonly via?: string | null };

export interface HolderNote {
  readonly folio: number;
  readonly count: number;
  readonly expected: number;
  readonly holders: readonly NamedHolder[];
}

/** Follows the steps' trace events to know at which step each named reference was taken. */
export class HolderTracker {
  /** "folio/batch/cpu" -> the step of the last enqueue. */
  private readonly queued = new Map<string, number>();
  /** "folio/holder" -> the step of the last reference taken by that holder kind. */
  private readonly taken = new Map<string, number>();

  /** Notes the events of step `step` (0-based; -1 for setup) and returns the notes of its failed checks. */
  step(k: Kernel, w: World | null, step: number, events: readonly TraceEvent[]): HolderNote[] {
    const out: HolderNote[] = [];
    for (const ev of events) {
      if (ev.type === "batch_enqueue") this.queued.set(`${ev.folio}/${ev.batch}/${ev.batch_cpu}`, step);
      else if (ev.type === "page_ref_mod" && ev.val > 0) this.taken.set(`${ev.folio}/${ev.holder}`, step);
      else if (ev.type === "refcount_check" && !ev.ok)
        out.push({
          folio: ev.folio,
          count: ev.count,
          expected: ev.expected,
          holders: this.holders(k, w, ev.folio, ev.count - ev.expected),
        });
    }
    return out;
  }

  private holders(k: Kernel, w: World | null, f: number, extra: number): ExtraHolder[] {
    const out: ExtraHolder[] = [];
    // Where batch entries hold no reference (the 2026 rework), they cannot be the holder.
    if (k.config.batches_hold_refs)
      for (const b of k.batches.flat())
        for (let i = 0; i < b.nr; i++) {
          if (b.folios[i] !== f) continue;
          const batch = BATCH_NAMES[b.kind]!;
          const step = this.stepOf(this.queued, `${f}/${batch}/${b.cpu}`);
          out.push({ kind: "batch", batch, cpu: b.cpu, by: b.queued_by[i]!, step });
        }
    for (const r of k.transient.get(f) ?? [])
      out.push({
        kind: "transient",
        label: r.label,
        cpu: r.cpu,
        step: this.stepOf(this.taken, `${f}/transient`),
      });
    for (const h of w?.holds.of(f) ?? [])
      out.push({
        kind: h.kind,
        actor: h.actor,
        label: h.label,
        step: this.stepOf(this.taken, `${f}/${h.kind}`),
      });
    const named = out.reduce((n, h) => n + refsOf(k, f, h), 0);
    if (extra > named) out.push({ kind: "unnamed", refs: extra - named });
    return out;
  }

  private stepOf(m: Map<string, number>, key: string): number | null {
    const s = m.get(key);
    return s === undefined || s < 0 ? null : s + 1;
  }
}

/** A pin on a folio without a pincount adds GUP_PIN_COUNTING_BIAS references (§1.3). */
function refsOf(k: Kernel, f: number, h: ExtraHolder): number {
  if (h.kind === "gup-pin" && !k.folios.hasPincount(f)) return GUP_PIN_COUNTING_BIAS;
  return 1;
}
