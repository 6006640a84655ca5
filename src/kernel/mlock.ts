// mm/mlock.c: the mlock2()/munlock() system calls, the per-CPU mlock batch (5.18+) and what
// processing it does (kernel-model.md §5).

import type { Proc } from "../engine/op.ts";
import {
  type FolioBatch,
  MLOCK_BATCH,
  MLOCK_TAG_LRU_FOLIO,
  MLOCK_TAG_MUNLOCK,
  MLOCK_TAG_NEW_FOLIO,
} from "./folio_batch.ts";
import { F_ZERO_PAGE, PG_active, PG_lru, PG_mlocked, PG_unevictable } from "./folio_flags.ts";
import { H_MLOCK_BATCH } from "./holders.ts";
import { batchKey, folioKey, KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { LRU_UNEVICTABLE } from "./lru_lists.ts";
import { type Mm, presentFolios, VM_IO, VM_LOCKED, VM_LOCKONFAULT, type Vma } from "./mm.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO } from "./mmdebug.ts";
import { folioAddLru, folioBatchAddAndMove, lruAddDrain, lruvecAddFolio, lruvecDelFolio } from "./swap.ts";
import { traceBatchRelease } from "./trace_events.ts";
import { countVmEvents } from "./vmstat.ts";

/**
 * mlock2(MLOCK_ONFAULT) when `onfault`, else mlock(): sets VM_LOCKED (| VM_LOCKONFAULT) and runs
 * mlock_vma_pages_range() over pages already present; nothing is populated for ONFAULT.
 */
export function* mlock2(k: Kernel, vma: Vma, onfault: boolean): Proc {
  k.traceFunc("func_begin", "mlock2");
  VM_BUG_ON(vma.unmapped, "mlock2 of an unmapped vma");
  k.touch(KEY_PAGE_TABLES, true); // vma flags: the model checker's footprint
  vma.flags |= VM_LOCKED | (onfault ? VM_LOCKONFAULT : 0);
  yield* mlockVmaPagesRange(k, vma, true);
  k.traceFunc("func_end", "mlock2");
}

/** munlock(): clears VM_LOCKED (and VM_LOCKONFAULT) and munlocks what is present. */
export function* munlock(k: Kernel, vma: Vma): Proc {
  k.touch(KEY_PAGE_TABLES, true);
  VM_BUG_ON(vma.unmapped, "munlock of an unmapped vma");
  vma.flags &= ~(VM_LOCKED | VM_LOCKONFAULT);
  yield* mlockVmaPagesRange(k, vma, false);
}

/** mlock_vma_pages_range(): (m)unlock every present folio of `vma`, between two local drains. */
function* mlockVmaPagesRange(k: Kernel, vma: Vma, lock: boolean): Proc {
  vma.flags |= VM_IO; // keeps faults from mlocking while the walk runs, as the kernel does
  yield* lruAddDrain(k);
  for (const f of presentFolios(vma, k.zeroFolio)) {
    if (lock) mlockFolio(k, f);
    else munlockFolio(k, f);
  }
  k.touch(KEY_PAGE_TABLES, true);
  vma.flags &= ~VM_IO;
  yield* lruAddDrain(k);
}

/** mlock_folio(): a folio already mapped/on the LRU becomes mlocked (§5.2). */
export function mlockFolio(k: Kernel, f: number): number {
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.refcount[f] === 0 || t.test(f, F_ZERO_PAGE), k, f, "mlock_folio of a free or zero folio");
  k.touch(folioKey(f), true);
  if (!t.test(f, PG_mlocked)) countVmEvents(k, "unevictable_pgs_mlocked", t.nrPages(f));
  t.set(f, PG_mlocked);
  if (!k.config.mlock_batching) {
    __mlockFolio(k, f);
    return 0;
  }
  return folioBatchAddAndMove(k, f, MLOCK_BATCH, MLOCK_TAG_LRU_FOLIO);
}

/** mlock_new_folio(): a brand-new folio of a VM_LOCKED vma, PG_mlocked set at once (§5.4). */
export function mlockNewFolio(k: Kernel, f: number): number {
  VM_BUG_ON_FOLIO(
    k.folios.lruList[f] !== 0 || k.folios.test(f, PG_lru),
    k,
    f,
    "mlock_new_folio of a folio on the LRU",
  );
  k.folios.set(f, PG_mlocked);
  countVmEvents(k, "unevictable_pgs_mlocked", k.folios.nrPages(f));
  // Before 5.18 there was no mlock batch: the new folio went through lru_add and landed on the
  // unevictable list because it was already PG_mlocked. The 2026 rework does the same through
  // __folio_add_lru(folio, mlockit) (§4.8, §5.6).
  if (!k.config.mlock_batching || !k.config.batches_hold_refs) return folioAddLru(k, f);
  return folioBatchAddAndMove(k, f, MLOCK_BATCH, MLOCK_TAG_NEW_FOLIO);
}

/** munlock_folio(): queue an munlock; PG_mlocked is cleared when the batch is processed. */
export function munlockFolio(k: Kernel, f: number): number {
  VM_BUG_ON_FOLIO(k.folios.refcount[f] === 0, k, f, "munlock_folio of a free folio");
  k.touch(folioKey(f), true);
  if (!k.config.mlock_batching) {
    __munlockFolio(k, f);
    return 0;
  }
  return folioBatchAddAndMove(k, f, MLOCK_BATCH, MLOCK_TAG_MUNLOCK);
}

/** mlock_folio_batch(): process every entry in order, then drop the batch references. */
export function mlockFolioBatch(k: Kernel, batch: FolioBatch): number {
  VM_BUG_ON(batch.kind !== MLOCK_BATCH, "mlock_folio_batch of an LRU batch");
  k.touch(batchKey(batch.cpu, batch.kind), true);
  const n = batch.take();
  const holdsRef = k.config.batches_hold_refs;
  for (let i = 0; i < n; i++) {
    const f = batch.folios[i]!;
    traceBatchRelease(k, f, batch);
    if (!holdsRef && k.folios.isFreed(f)) continue;
    const tag = batch.tags[i]!;
    if (tag === MLOCK_TAG_LRU_FOLIO) __mlockFolio(k, f);
    else if (tag === MLOCK_TAG_NEW_FOLIO) __mlockNewFolio(k, f);
    else __munlockFolio(k, f);
    if (holdsRef) k.folioPut(f, H_MLOCK_BATCH);
  }
  VM_BUG_ON(batch.nr !== 0, "the mlock batch refilled while it drained");
  return n;
}

/** mlock_drain_local(). */
export function mlockDrainLocal(k: Kernel): number {
  const cpu = k.current().cpu;
  const batch = k.batches[cpu]![MLOCK_BATCH]!;
  k.touch(batchKey(cpu, MLOCK_BATCH), false); // an empty batch is read too (DPOR)
  const moved = batch.nr > 0 ? mlockFolioBatch(k, batch) : 0;
  VM_BUG_ON(batch.nr !== 0, "mlock_drain_local left the batch full");
  return moved;
}

/** __mlock_folio(): needs to win PG_lru; if it can't (isolated, or in another batch) nothing happens. */
function __mlockFolio(k: Kernel, f: number): void {
  const t = k.folios;
  if (!t.testClear(f, PG_lru)) return;
  if (!t.test(f, PG_mlocked)) {
    if (t.test(f, PG_unevictable)) {
      moveList(k, f, () => t.clear(f, PG_unevictable));
      countVmEvents(k, "unevictable_pgs_rescued", t.nrPages(f));
    }
  } else if (t.test(f, PG_unevictable)) {
    t.mlockCount[f] = t.mlockCount[f]! + 1;
  } else {
    moveList(k, f, () => {
      t.clear(f, PG_active);
      t.set(f, PG_unevictable);
      t.mlockCount[f] = 1;
    });
    countVmEvents(k, "unevictable_pgs_culled", t.nrPages(f));
  }
  t.set(f, PG_lru);
  // An mlocked folio this function got hold of ends on the unevictable list, counted.
  VM_BUG_ON_FOLIO(
    t.test(f, PG_mlocked) && (t.lruList[f] !== LRU_UNEVICTABLE + 1 || t.mlockCount[f] === 0),
    k,
    f,
    "__mlock_folio left an mlocked folio evictable",
  );
}

/** __mlock_new_folio(): add a new folio to the LRU, unevictable unless munlocked meanwhile. */
function __mlockNewFolio(k: Kernel, f: number): void {
  const t = k.folios;
  if (t.lruList[f] !== 0) return;
  if (t.test(f, PG_mlocked)) {
    t.set(f, PG_unevictable);
    t.mlockCount[f] = 1;
    countVmEvents(k, "unevictable_pgs_culled", t.nrPages(f));
  }
  lruvecAddFolio(k, f);
  VM_BUG_ON_FOLIO(
    t.test(f, PG_mlocked) !== t.test(f, PG_unevictable),
    k,
    f,
    "__mlock_new_folio: mlocked != unevictable",
  );
}

/** __munlock_folio(): counts down mlock_count; at zero clears PG_mlocked and rescues the folio. */
function __munlockFolio(k: Kernel, f: number): void {
  const t = k.folios;
  const nr = t.nrPages(f);
  if (!t.testClear(f, PG_lru)) {
    // Off the LRU (isolated, or batched where PG_lru is cleared): munlocked if evictable, else
    // stranded on the unevictable list until reclaim finds it.
    if (t.testClear(f, PG_mlocked))
      countVmEvents(
        k,
        t.test(f, PG_unevictable) ? "unevictable_pgs_stranded" : "unevictable_pgs_munlocked",
        nr,
      );
    return;
  }
  if (t.test(f, PG_unevictable)) {
    if (t.mlockCount[f]! > 0) t.mlockCount[f] = t.mlockCount[f]! - 1;
    if (t.mlockCount[f]! > 0) {
      t.set(f, PG_lru);
      return;
    }
  }
  if (t.testClear(f, PG_mlocked)) countVmEvents(k, "unevictable_pgs_munlocked", nr);
  if (t.test(f, PG_unevictable)) {
    moveList(k, f, () => t.clear(f, PG_unevictable));
    countVmEvents(k, "unevictable_pgs_rescued", nr);
  }
  t.set(f, PG_lru);
  VM_BUG_ON_FOLIO(t.test(f, PG_unevictable), k, f, "__munlock_folio left a munlocked folio unevictable");
}

function moveList(k: Kernel, f: number, change: () => void): void {
  if (k.folios.lruList[f] !== 0) lruvecDelFolio(k, f);
  change();
  lruvecAddFolio(k, f);
  VM_BUG_ON_FOLIO(k.folios.lruList[f] === 0, k, f, "moved to no list");
  k.folios.clear(f, PG_lru); // the caller re-sets it, as __mlock_folio does under the lruvec lock
}

/**
 * mlockall(): MCL_CURRENT locks every mapped VMA as mlock2() would (populating unless
 * MCL_ONFAULT); MCL_FUTURE sets mm->def_flags so later mmap()s are born locked.
 */
export function* mlockall(k: Kernel, mm: Mm, current: boolean, future: boolean, onfault: boolean): Proc {
  const lockFlags = VM_LOCKED | (onfault ? VM_LOCKONFAULT : 0);
  k.touch(KEY_PAGE_TABLES, true);
  mm.defFlags = future ? lockFlags : 0;
  if (!current) return;
  for (const vma of mm.vmas) if (!vma.unmapped) yield* mlock2(k, vma, onfault);
}

/** munlockall(): unlocks every VMA and clears mm->def_flags. */
export function* munlockall(k: Kernel, mm: Mm): Proc {
  k.touch(KEY_PAGE_TABLES, true);
  mm.defFlags = 0;
  for (const vma of mm.vmas) if (!vma.unmapped && vma.flags & VM_LOCKED) yield* munlock(k, vma);
}
