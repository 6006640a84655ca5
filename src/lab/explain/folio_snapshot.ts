// A folio's state at one instant, read from the kernel model's ledger and batches: who holds
// each of its references, in which per-CPU batch it sits (queued by whom, when), its transient
// holders and the workload actors' GUP references. This is what the kernel itself cannot tell.

import {
  BATCH_NAMES,
  MLOCK_BATCH,
  MLOCK_TAG_LRU_FOLIO,
  MLOCK_TAG_NEW_FOLIO,
} from "../../kernel/folio_batch.ts";
import { folioExpectedRefCount } from "../../kernel/folio_expected.ts";
import { flagNames } from "../../kernel/folio_flags.ts";
import { GUP_PIN_COUNTING_BIAS, H_GUP_PIN, HOLDER_NAMES, NR_HOLDERS } from "../../kernel/holders.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { LRU_NAMES } from "../../kernel/lru_lists.ts";
import { MIGRATE_CMA, MIGRATE_ISOLATE, ZONE_NAMES } from "../../kernel/page_alloc.ts";
import type { ActorHold } from "../../workloads/holds.ts";
import type { World } from "../../workloads/world.ts";

export interface BatchEntryView {
  /** The CPU whose batch it is. */
  readonly cpu: number;
  /** "lru_add", "lru_activate", ..., "mlock". */
  readonly batch: string;
  /** The kernel function that queued it: folio_add_lru, mlock_folio, mlock_new_folio, ... */
  readonly op: string;
  readonly queued_ns: number;
  /** comm of the task that queued it. */
  readonly queued_by: string;
}

export interface HolderView {
  readonly holder: string;
  /** References (pins for gup-pin) of this holder kind. */
  readonly count: number;
  /** What they add to the refcount (a small folio's pin adds 1024). */
  readonly refs: number;
}

export interface TransientView {
  readonly label: string;
  readonly cpu: number;
  readonly since_ns: number;
}

export interface FolioSnapshot {
  readonly t_ns: number;
  readonly folio: number;
  readonly flags: string;
  /** The LRU list it is on, or null (in a batch, isolated, or never added). */
  readonly lru_list: string | null;
  readonly zone: string;
  readonly migratetype: string;
  readonly large: boolean;
  readonly refcount: number;
  readonly mapcount: number;
  /** folio_expected_ref_count(): page cache, swap cache, PG_private and mappings. */
  readonly expected_base: number;
  readonly holders: readonly HolderView[];
  readonly batches: readonly BatchEntryView[];
  readonly transient: readonly TransientView[];
  readonly actor_holds: readonly ActorHold[];
}

const BATCH_OPS = [
  "folio_add_lru",
  "folio_rotate_reclaimable",
  "deactivate_file_folio",
  "folio_deactivate",
  "folio_mark_lazyfree",
  "folio_activate",
];

export function snapshotFolio(k: Kernel, w: World, f: number): FolioSnapshot {
  const t = k.folios;
  return {
    t_ns: k.now_ns(),
    folio: f,
    flags: flagNames(t.flags[f]!),
    lru_list: t.lruList[f] === 0 ? null : LRU_NAMES[t.lruList[f]! - 1]!,
    zone: ZONE_NAMES[t.zone[f]!]!,
    migratetype:
      t.migratetype[f] === MIGRATE_CMA ? "CMA" : t.migratetype[f] === MIGRATE_ISOLATE ? "Isolate" : "Movable",
    large: t.isLarge(f),
    refcount: t.refcount[f]!,
    mapcount: t.mapcount[f]!,
    expected_base: folioExpectedRefCount(k, f),
    holders: holders(k, f),
    batches: batchEntries(k, f),
    transient: (k.transient.get(f) ?? []).map((r) => ({ label: r.label, cpu: r.cpu, since_ns: r.since_ns })),
    actor_holds: [...w.holds.of(f)],
  };
}

function holders(k: Kernel, f: number): HolderView[] {
  const out: HolderView[] = [];
  for (let h = 0; h < NR_HOLDERS; h++) {
    const count = k.folios.held(f, h);
    if (count === 0) continue;
    const refs = h === H_GUP_PIN && !k.folios.hasPincount(f) ? count * GUP_PIN_COUNTING_BIAS : count;
    out.push({ holder: HOLDER_NAMES[h]!, count, refs });
  }
  return out;
}

function batchEntries(k: Kernel, f: number): BatchEntryView[] {
  const out: BatchEntryView[] = [];
  for (const row of k.batches) {
    for (const b of row) {
      for (let i = 0; i < b.nr; i++) {
        if (b.folios[i] !== f) continue;
        const op = b.kind === MLOCK_BATCH ? mlockOp(b.tags[i]!) : BATCH_OPS[b.kind]!;
        out.push({
          cpu: b.cpu,
          batch: BATCH_NAMES[b.kind]!,
          op,
          queued_ns: b.queued_ns[i]!,
          queued_by: b.queued_by[i]!,
        });
      }
    }
  }
  return out;
}

function mlockOp(tag: number): string {
  if (tag === MLOCK_TAG_LRU_FOLIO) return "mlock_folio";
  if (tag === MLOCK_TAG_NEW_FOLIO) return "mlock_new_folio";
  return "munlock_folio";
}
