// mm/mlock.c: the per-CPU mlock batch (5.18+) and what processing it does (kernel-model.md §5).

import {
  type FolioBatch,
  MLOCK_BATCH,
  MLOCK_TAG_LRU_FOLIO,
  MLOCK_TAG_MUNLOCK,
  MLOCK_TAG_NEW_FOLIO,
} from "./folio_batch.ts";
import { PG_active, PG_lru, PG_mlocked, PG_unevictable } from "./folio_flags.ts";
import { H_MLOCK_BATCH } from "./holders.ts";
import { batchKey, folioKey, type Kernel } from "./kernel.ts";
import { folioAddLru, folioBatchAddAndMove, lruvecAddFolio, lruvecDelFolio, traceBatch } from "./swap.ts";

/** mlock_folio(): a folio already mapped/on the LRU becomes mlocked (§5.2). */
export function mlockFolio(k: Kernel, f: number): number {
  const t = k.folios;
  k.touch(folioKey(f), true);
  t.set(f, PG_mlocked);
  if (!k.config.mlock_batching) {
    mlockFolioNow(k, f);
    return 0;
  }
  return folioBatchAddAndMove(k, f, MLOCK_BATCH, MLOCK_TAG_LRU_FOLIO);
}

/** mlock_new_folio(): a brand-new folio of a VM_LOCKED vma, PG_mlocked set at once (§5.4). */
export function mlockNewFolio(k: Kernel, f: number): number {
  k.folios.set(f, PG_mlocked);
  // Before 5.18 there was no mlock batch: the new folio went through lru_add and landed on the
  // unevictable list because it was already PG_mlocked. The 2026 rework does the same through
  // __folio_add_lru(folio, mlockit) (§4.8, §5.6).
  if (!k.config.mlock_batching || !k.config.batches_hold_refs) return folioAddLru(k, f);
  return folioBatchAddAndMove(k, f, MLOCK_BATCH, MLOCK_TAG_NEW_FOLIO);
}

/** munlock_folio(): queue an munlock; PG_mlocked is cleared when the batch is processed. */
export function munlockFolio(k: Kernel, f: number): number {
  k.touch(folioKey(f), true);
  if (!k.config.mlock_batching) {
    munlockFolioNow(k, f);
    return 0;
  }
  return folioBatchAddAndMove(k, f, MLOCK_BATCH, MLOCK_TAG_MUNLOCK);
}

/** mlock_folio_batch(): process every entry in order, then drop the batch references. */
export function mlockFolioBatch(k: Kernel, batch: FolioBatch): number {
  k.touch(batchKey(batch.cpu, batch.kind), true);
  const { folios, tags } = batch.take();
  const holdsRef = k.config.batches_hold_refs;
  for (let i = 0; i < folios.length; i++) {
    const f = folios[i]!;
    if (k.tracer !== null) traceBatch(k, "batch_release", f, batch);
    if (!holdsRef && k.folios.isFreed(f)) continue;
    const tag = tags[i]!;
    if (tag === MLOCK_TAG_LRU_FOLIO) mlockFolioNow(k, f);
    else if (tag === MLOCK_TAG_NEW_FOLIO) mlockNewFolioNow(k, f);
    else munlockFolioNow(k, f);
    if (holdsRef) k.folioPut(f, H_MLOCK_BATCH);
  }
  return folios.length;
}

/** mlock_drain_local(). */
export function mlockDrainLocal(k: Kernel): number {
  const batch = k.batches[k.current().cpu]![MLOCK_BATCH]!;
  return batch.nr > 0 ? mlockFolioBatch(k, batch) : 0;
}

/** __mlock_folio(): needs to win PG_lru; if it can't (isolated, or in another batch) nothing happens. */
function mlockFolioNow(k: Kernel, f: number): void {
  const t = k.folios;
  if (!t.testClear(f, PG_lru)) return;
  if (!t.test(f, PG_mlocked)) {
    if (t.test(f, PG_unevictable)) moveList(k, f, () => t.clear(f, PG_unevictable));
  } else if (t.test(f, PG_unevictable)) {
    t.mlockCount[f] = t.mlockCount[f]! + 1;
  } else {
    moveList(k, f, () => {
      t.clear(f, PG_active);
      t.set(f, PG_unevictable);
      t.mlockCount[f] = 1;
    });
  }
  t.set(f, PG_lru);
}

/** __mlock_new_folio(): add a new folio to the LRU, unevictable unless munlocked meanwhile. */
function mlockNewFolioNow(k: Kernel, f: number): void {
  const t = k.folios;
  if (t.lruList[f] !== 0) return;
  if (t.test(f, PG_mlocked)) {
    t.set(f, PG_unevictable);
    t.mlockCount[f] = 1;
  }
  lruvecAddFolio(k, f);
}

/** __munlock_folio(): counts down mlock_count; at zero clears PG_mlocked and rescues the folio. */
function munlockFolioNow(k: Kernel, f: number): void {
  const t = k.folios;
  if (!t.testClear(f, PG_lru)) {
    t.clear(f, PG_mlocked); // stranded accounting, as the kernel does
    return;
  }
  if (t.test(f, PG_unevictable)) {
    if (t.mlockCount[f]! > 0) t.mlockCount[f] = t.mlockCount[f]! - 1;
    if (t.mlockCount[f]! > 0) {
      t.set(f, PG_lru);
      return;
    }
  }
  t.clear(f, PG_mlocked);
  if (t.test(f, PG_unevictable)) moveList(k, f, () => t.clear(f, PG_unevictable));
  t.set(f, PG_lru);
}

function moveList(k: Kernel, f: number, change: () => void): void {
  if (k.folios.lruList[f] !== 0) lruvecDelFolio(k, f);
  change();
  lruvecAddFolio(k, f);
  k.folios.clear(f, PG_lru); // the caller re-sets it, as __mlock_folio does under the lruvec lock
}
