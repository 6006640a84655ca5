// mm/swap.c: the per-CPU LRU batches and their draining (kernel-model.md §4).

import type { Proc } from "../engine/op.ts";
import {
  BATCH_NAMES,
  type FolioBatch,
  LRU_ACTIVATE,
  LRU_ADD,
  LRU_DEACTIVATE,
  LRU_DEACTIVATE_FILE,
  LRU_LAZYFREE,
  LRU_MOVE_TAIL,
  MLOCK_BATCH,
  NR_BATCHES,
} from "./folio_batch.ts";
import {
  F_ANON,
  flagNames,
  PG_active,
  PG_dirty,
  PG_locked,
  PG_lru,
  PG_mlocked,
  PG_referenced,
  PG_swapbacked,
  PG_swapcache,
  PG_unevictable,
} from "./folio_flags.ts";
import { H_LRU_BATCH, H_MLOCK_BATCH } from "./holders.ts";
import { batchKey, folioKey, KEY_LRU, type Kernel } from "./kernel.ts";
import {
  LRU_ACTIVE_ANON,
  LRU_ACTIVE_FILE,
  LRU_INACTIVE_ANON,
  LRU_INACTIVE_FILE,
  LRU_NAMES,
  LRU_UNEVICTABLE,
} from "./lru_lists.ts";
import { mlockFolioBatch } from "./mlock.ts";

/** folio_may_be_lru_cached(): large folios are never left in per-CPU batches (§4.4). */
export function folioMayBeLruCached(k: Kernel, f: number): boolean {
  return !k.folios.isLarge(f);
}

export function lruCacheDisabled(k: Kernel): boolean {
  return k.lruDisableCount > 0;
}

/** Which LRU list an evictable/unevictable folio belongs on (folio_lru_list). */
export function folioLruList(k: Kernel, f: number): number {
  const t = k.folios;
  if (t.test(f, PG_unevictable)) return LRU_UNEVICTABLE;
  const file = !t.test(f, PG_swapbacked);
  const active = t.test(f, PG_active);
  if (file) return active ? LRU_ACTIVE_FILE : LRU_INACTIVE_FILE;
  return active ? LRU_ACTIVE_ANON : LRU_INACTIVE_ANON;
}

/** lruvec_add_folio() + folio_set_lru(). */
export function lruvecAddFolio(k: Kernel, f: number, atTail = false): void {
  const list = folioLruList(k, f);
  k.lru.add(k.folios, f, list, atTail);
  k.folios.set(f, PG_lru);
  k.touch(KEY_LRU, true);
  k.touch(folioKey(f), true);
  if (k.tracer !== null) {
    const task = k.current();
    k.emit({
      type: "mm_lru_insertion",
      t_ns: k.now_ns(),
      cpu: task.cpu,
      task,
      folio: f,
      pfn: k.pfn(f),
      lru: LRU_NAMES[list]!,
      flags: flagNames(k.folios.flags[f]!),
    });
  }
}

export function lruvecDelFolio(k: Kernel, f: number): void {
  k.lru.del(k.folios, f);
  k.touch(KEY_LRU, true);
  k.touch(folioKey(f), true);
}

/**
 * __folio_batch_add_and_move(): queue `f` on this CPU's batch `kind`, taking a reference while
 * it waits (§4.3), and drain the batch at once if full, the folio is large, or caching is off.
 * Returns the number of folios moved by an immediate drain (for the caller's cost).
 */
export function folioBatchAddAndMove(k: Kernel, f: number, kind: number, tag = 0): number {
  const cpu = k.current().cpu;
  const batch = k.batches[cpu]![kind]!;
  const holdsRef = k.config.batches_hold_refs;
  if (holdsRef) k.folioGet(f, kind === MLOCK_BATCH ? H_MLOCK_BATCH : H_LRU_BATCH);
  k.touch(batchKey(cpu, kind), true);
  const space = batch.add(f, tag, k.now_ns(), k.current().comm, k.config.batch_size);
  traceBatch(k, "batch_enqueue", f, batch);
  if (space === 0 || !folioMayBeLruCached(k, f) || lruCacheDisabled(k)) {
    return kind === MLOCK_BATCH ? mlockFolioBatch(k, batch) : folioBatchMoveLru(k, batch);
  }
  return 0;
}

export function traceBatch(
  k: Kernel,
  type: "batch_enqueue" | "batch_release",
  f: number,
  batch: FolioBatch,
): void {
  if (k.tracer === null) return;
  const task = k.current();
  k.emit({
    type,
    t_ns: k.now_ns(),
    cpu: task.cpu,
    task,
    folio: f,
    batch: BATCH_NAMES[batch.kind]!,
    batch_cpu: batch.cpu,
    size: batch.nr,
  });
}

/**
 * folio_batch_move_lru(): apply the batch's move function to each entry, then drop the batch
 * references. Returns how many folios it processed.
 */
export function folioBatchMoveLru(k: Kernel, batch: FolioBatch): number {
  k.touch(batchKey(batch.cpu, batch.kind), true);
  const { folios } = batch.take();
  const holdsRef = k.config.batches_hold_refs;
  for (const f of folios) {
    if (k.tracer !== null) traceBatch(k, "batch_release", f, batch);
    if (!holdsRef && k.folios.isFreed(f)) continue; // folio_try_get() failed at drain (§4.8)
    applyMove(k, f, batch.kind);
    if (holdsRef) k.folioPut(f, H_LRU_BATCH);
  }
  return folios.length;
}

function applyMove(k: Kernel, f: number, kind: number): void {
  const t = k.folios;
  if (kind === LRU_ADD) {
    lruAddFn(k, f);
    return;
  }
  // Outside 6.11–6.16 the flag is still set while queued: the move must win it back first, and
  // a folio someone isolated meanwhile is skipped (§4.3). In 6.11–6.16 it was cleared at queue time.
  if (!k.config.lru_flag_cleared_when_batched && !t.testClear(f, PG_lru)) return;
  if (t.lruList[f] === 0) return; // isolated while queued: nothing to move
  lruvecDelFolio(k, f);
  switch (kind) {
    case LRU_ACTIVATE:
      if (!t.test(f, PG_unevictable)) t.set(f, PG_active);
      break;
    case LRU_DEACTIVATE:
    case LRU_DEACTIVATE_FILE:
      t.clear(f, PG_active);
      t.clear(f, PG_referenced);
      break;
    case LRU_LAZYFREE:
      t.clear(f, PG_active);
      t.clear(f, PG_referenced);
      t.clear(f, PG_swapbacked);
      break;
  }
  lruvecAddFolio(k, f, kind === LRU_MOVE_TAIL);
}

/** lru_add(): place a new folio on its list; mlocked folios go to the unevictable list (§4.3). */
function lruAddFn(k: Kernel, f: number): void {
  const t = k.folios;
  if (t.lruList[f] !== 0) return; // already placed (2026 rework keeps PG_lru while batched)
  t.clear(f, PG_unevictable);
  if (t.test(f, PG_mlocked)) {
    t.clear(f, PG_active);
    t.set(f, PG_unevictable);
    t.mlockCount[f] = 0;
  }
  lruvecAddFolio(k, f);
}

/** folio_add_lru(): a folio not on the LRU enters this CPU's lru_add batch (§4.7). */
export function folioAddLru(k: Kernel, f: number): number {
  const t = k.folios;
  if (t.test(f, PG_lru)) throw new Error(`folio_add_lru: folio ${f} already has PG_lru`);
  // In the 2026 rework PG_lru is set while the folio waits in the batch (§4.8).
  if (!k.config.batches_hold_refs) t.set(f, PG_lru);
  return folioBatchAddAndMove(k, f, LRU_ADD);
}

/**
 * Queue for one of the best-effort batches. Before 6.11 and from 6.17 the caller checks PG_lru;
 * in 6.11–6.16 it test-and-clears it, and the operation is dropped if that fails (§4.5).
 */
function queueBestEffort(k: Kernel, f: number, kind: number): number {
  const t = k.folios;
  if (k.config.lru_flag_cleared_when_batched) {
    if (!t.testClear(f, PG_lru)) return 0;
  } else if (!t.test(f, PG_lru)) {
    return 0;
  }
  return folioBatchAddAndMove(k, f, kind);
}

export function folioActivate(k: Kernel, f: number): number {
  const t = k.folios;
  if (t.test(f, PG_active) || t.test(f, PG_unevictable)) return 0;
  return queueBestEffort(k, f, LRU_ACTIVATE);
}

export function folioDeactivate(k: Kernel, f: number): number {
  const t = k.folios;
  if (t.test(f, PG_unevictable) || !t.test(f, PG_active)) return 0;
  return queueBestEffort(k, f, LRU_DEACTIVATE);
}

export function deactivateFileFolio(k: Kernel, f: number): number {
  if (k.folios.test(f, PG_unevictable)) return 0;
  return queueBestEffort(k, f, LRU_DEACTIVATE_FILE);
}

export function folioMarkLazyfree(k: Kernel, f: number): number {
  const t = k.folios;
  const ok =
    t.test(f, F_ANON) && t.test(f, PG_swapbacked) && !t.test(f, PG_swapcache) && !t.test(f, PG_unevictable);
  return ok ? queueBestEffort(k, f, LRU_LAZYFREE) : 0;
}

export function folioRotateReclaimable(k: Kernel, f: number): number {
  const t = k.folios;
  if (t.test(f, PG_locked) || t.test(f, PG_dirty) || t.test(f, PG_unevictable)) return 0;
  return queueBestEffort(k, f, LRU_MOVE_TAIL);
}

/** folio_mark_accessed(): second access activates; a folio not yet on the LRU is marked in place. */
export function folioMarkAccessed(k: Kernel, f: number): number {
  const t = k.folios;
  if (!t.test(f, PG_referenced)) {
    t.set(f, PG_referenced);
    return 0;
  }
  if (!t.test(f, PG_lru)) {
    // __lru_cache_activate_folio: only the *local* lru_add batch is searched.
    const local = k.batches[k.current().cpu]![LRU_ADD]!;
    if (local.indexOf(f) >= 0) t.set(f, PG_active);
    return 0;
  }
  t.clear(f, PG_referenced);
  return folioActivate(k, f);
}

/** True if any batch of `cpu` (or its mlock batch) holds folios: cpu_needs_drain() (§4.6). */
export function cpuNeedsDrain(k: Kernel, cpu: number): boolean {
  const row = k.batches[cpu]!;
  for (let kind = 0; kind < NR_BATCHES; kind++) {
    k.touch(batchKey(cpu, kind), false);
    if (row[kind]!.nr > 0) return true;
  }
  return false;
}

/** lru_add_drain_cpu() + mlock drain of `cpu`; returns folios moved. */
export function lruAddDrainCpu(k: Kernel, cpu: number): number {
  const row = k.batches[cpu]!;
  let moved = 0;
  for (let kind = 0; kind < MLOCK_BATCH; kind++) {
    if (row[kind]!.nr > 0) moved += folioBatchMoveLru(k, row[kind]!);
  }
  if (row[MLOCK_BATCH]!.nr > 0) moved += mlockFolioBatch(k, row[MLOCK_BATCH]!);
  return moved;
}

/** Who asked for a local drain: the pin path's collect step is what reviewers count. */
export type DrainCaller = "collect" | "other";

/** lru_add_drain(): drain this CPU's batches, synchronously (§4.6). */
export function* lruAddDrain(k: Kernel, caller: DrainCaller = "other"): Proc {
  if (caller === "collect") k.counters.drains_local++;
  const moved = lruAddDrainCpu(k, k.current().cpu);
  yield k.cost(k.costs.local_drain_ns + moved * k.costs.lru_move_per_folio_ns);
}
