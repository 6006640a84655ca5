// mm/swap.c: the per-CPU LRU batches and their draining, locally and on every CPU through the
// per-CPU lru_add_drain_work (kernel-model.md §4).

import type { Proc } from "../engine/op.ts";
import { drainAllCpuView } from "./decision_views.ts";
import { decide } from "./decisions.ts";
import {
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
import {
  batchKey,
  folioKey,
  KEY_DRAIN_GEN,
  KEY_DRAIN_MUTEX,
  KEY_LRU,
  KEY_LRU_DISABLE,
  type Kernel,
} from "./kernel.ts";
import {
  LRU_ACTIVE_ANON,
  LRU_ACTIVE_FILE,
  LRU_INACTIVE_ANON,
  LRU_INACTIVE_FILE,
  LRU_UNEVICTABLE,
} from "./lru_lists.ts";
import { mlockFolioBatch } from "./mlock.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO } from "./mmdebug.ts";
import { traceBatchEnqueue, traceBatchRelease, traceMmLruInsertion } from "./trace_events.ts";
import { countVmEvents } from "./vmstat.ts";
import { flushWork, initWork, queueWorkOn, type WorkStruct } from "./workqueue.ts";

/** folio_may_be_lru_cached(): large folios are never left in per-CPU batches (§4.4). */
export function folioMayBeLruCached(k: Kernel, f: number): boolean {
  VM_BUG_ON_FOLIO(k.folios.isFreed(f), k, f, "folio_may_be_lru_cached of a freed folio");
  return !k.folios.isLarge(f);
}

export function lruCacheDisabled(k: Kernel): boolean {
  VM_BUG_ON(k.lruDisableCount < 0, "lru_disable_count underflow");
  k.touch(KEY_LRU_DISABLE, false);
  return k.lruDisableCount > 0;
}

/** Which LRU list an evictable/unevictable folio belongs on (folio_lru_list). */
export function folioLruList(k: Kernel, f: number): number {
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.test(f, PG_active) && t.test(f, PG_unevictable), k, f, "active and unevictable");
  if (t.test(f, PG_unevictable)) return LRU_UNEVICTABLE;
  const file = !t.test(f, PG_swapbacked);
  const active = t.test(f, PG_active);
  if (file) return active ? LRU_ACTIVE_FILE : LRU_INACTIVE_FILE;
  return active ? LRU_ACTIVE_ANON : LRU_INACTIVE_ANON;
}

/**
 * folio_is_file_lru(): 1 for a file folio, 0 for anon and shmem (swap-backed); an index offset.
 * A lazyfree (MADV_FREE) anonymous folio has lost PG_swapbacked and counts as file here, as in
 * the kernel.
 */
export function folioIsFileLru(k: Kernel, f: number): 0 | 1 {
  VM_BUG_ON_FOLIO(k.folios.isFreed(f), k, f, "folio_is_file_lru of a freed folio");
  return k.folios.test(f, PG_swapbacked) ? 0 : 1;
}

/** lruvec_add_folio() + folio_set_lru(). */
export function lruvecAddFolio(k: Kernel, f: number, atTail = false): void {
  VM_BUG_ON_FOLIO(k.folios.lruList[f] !== 0, k, f, "lruvec_add_folio of a folio already on a list");
  // Not "nor an isolated one": in the mm-2026 model a folio that __mlock_folio() put on the
  // unevictable list while it still waited in an lru_add batch can be isolated, and that batch's
  // drain then adds it here. Whether that is right is a fidelity question, not this check's.
  VM_BUG_ON_FOLIO(k.folios.isFreed(f), k, f, "freed folio onto the LRU");
  const list = folioLruList(k, f);
  k.lru.add(k.folios, f, list, atTail);
  k.folios.set(f, PG_lru);
  k.touch(KEY_LRU, true);
  k.touch(folioKey(f), true);
  traceMmLruInsertion(k, f, list);
}

export function lruvecDelFolio(k: Kernel, f: number): void {
  VM_BUG_ON_FOLIO(k.folios.lruList[f] === 0, k, f, "lruvec_del_folio of a folio on no list");
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
  VM_BUG_ON_FOLIO(k.folios.refcount[f] === 0, k, f, "batching a folio nobody holds");
  VM_BUG_ON(kind === MLOCK_BATCH && !k.config.mlock_batching, "mlock batch in a kernel without one");
  if (holdsRef) k.folioGet(f, kind === MLOCK_BATCH ? H_MLOCK_BATCH : H_LRU_BATCH);
  k.touch(batchKey(cpu, kind), true);
  const space = batch.add(f, tag, k.now_ns(), k.current().comm, k.config.batch_size);
  traceBatchEnqueue(k, f, batch);
  if (space === 0 || !folioMayBeLruCached(k, f) || lruCacheDisabled(k)) {
    return kind === MLOCK_BATCH ? mlockFolioBatch(k, batch) : folioBatchMoveLru(k, batch);
  }
  return 0;
}

/**
 * folio_batch_move_lru(): apply the batch's move function to each entry, then drop the batch
 * references. Returns how many folios it processed.
 */
export function folioBatchMoveLru(k: Kernel, batch: FolioBatch): number {
  k.touch(batchKey(batch.cpu, batch.kind), true);
  VM_BUG_ON(batch.kind === MLOCK_BATCH, "folio_batch_move_lru of the mlock batch");
  const n = batch.take();
  const holdsRef = k.config.batches_hold_refs;
  for (let i = 0; i < n; i++) {
    const f = batch.folios[i]!;
    traceBatchRelease(k, f, batch);
    if (!holdsRef && k.folios.isFreed(f)) continue; // folio_try_get() failed at drain (§4.8)
    applyMove(k, f, batch.kind);
    if (holdsRef) k.folioPut(f, H_LRU_BATCH);
  }
  VM_BUG_ON(batch.nr !== 0, "the batch refilled while it drained");
  return n;
}

function applyMove(k: Kernel, f: number, kind: number): void {
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.isFreed(f), k, f, "LRU move of a freed folio");
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
  VM_BUG_ON_FOLIO(t.test(f, PG_lru) && k.config.batches_hold_refs, k, f, "lru_add of a folio with PG_lru");
  if (t.lruList[f] !== 0) return; // already placed (2026 rework keeps PG_lru while batched)
  const wasUnevictable = t.testClear(f, PG_unevictable);
  if (t.test(f, PG_mlocked)) {
    t.clear(f, PG_active);
    t.set(f, PG_unevictable);
    t.mlockCount[f] = 0;
    if (!wasUnevictable) countVmEvents(k, "unevictable_pgs_culled", t.nrPages(f));
  } else if (wasUnevictable) {
    countVmEvents(k, "unevictable_pgs_rescued", t.nrPages(f));
  }
  lruvecAddFolio(k, f);
}

/** The cost of one batch add that made the batch move `moved` folios. */
export function folioBatchAddCost(k: Kernel, moved: number): number {
  VM_BUG_ON(moved < 0, "a negative number of folios moved");
  return k.costs.batch_add_ns + moved * k.costs.lru_move_per_folio_ns;
}

/** folio_add_lru(): a folio not on the LRU enters this CPU's lru_add batch (§4.7). */
export function folioAddLru(k: Kernel, f: number): number {
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.test(f, PG_lru), k, f, "folio_add_lru of a folio with PG_lru");
  VM_BUG_ON_FOLIO(
    t.test(f, PG_active) && t.test(f, PG_unevictable),
    k,
    f,
    "folio_add_lru: active and unevictable",
  );
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
  VM_BUG_ON(kind === LRU_ADD || kind === MLOCK_BATCH, "best-effort queueing to lru_add or mlock");
  if (k.config.lru_flag_cleared_when_batched) {
    if (!t.testClear(f, PG_lru)) return 0;
  } else if (!t.test(f, PG_lru)) {
    return 0;
  }
  return folioBatchAddAndMove(k, f, kind);
}

export function folioActivate(k: Kernel, f: number): number {
  k.touch(folioKey(f), true); // reads the flags that decide, may set some
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.isFreed(f), k, f, "folio_activate of a freed folio");
  if (t.test(f, PG_active) || t.test(f, PG_unevictable)) return 0;
  return queueBestEffort(k, f, LRU_ACTIVATE);
}

export function folioDeactivate(k: Kernel, f: number): number {
  k.touch(folioKey(f), true); // reads the flags that decide, may set some
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.isFreed(f), k, f, "folio_deactivate of a freed folio");
  if (t.test(f, PG_unevictable) || !t.test(f, PG_active)) return 0;
  return queueBestEffort(k, f, LRU_DEACTIVATE);
}

export function deactivateFileFolio(k: Kernel, f: number): number {
  k.touch(folioKey(f), true); // reads the flags that decide, may set some
  VM_BUG_ON_FOLIO(k.folios.isFreed(f), k, f, "deactivate_file_folio of a freed folio");
  if (k.folios.test(f, PG_unevictable)) return 0;
  return queueBestEffort(k, f, LRU_DEACTIVATE_FILE);
}

export function folioMarkLazyfree(k: Kernel, f: number): number {
  k.touch(folioKey(f), true); // reads the flags that decide, may set some
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.isFreed(f), k, f, "folio_mark_lazyfree of a freed folio");
  const ok =
    t.test(f, F_ANON) && t.test(f, PG_swapbacked) && !t.test(f, PG_swapcache) && !t.test(f, PG_unevictable);
  return ok ? queueBestEffort(k, f, LRU_LAZYFREE) : 0;
}

export function folioRotateReclaimable(k: Kernel, f: number): number {
  k.touch(folioKey(f), true); // reads the flags that decide, may set some
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.isFreed(f), k, f, "folio_rotate_reclaimable of a freed folio");
  if (t.test(f, PG_locked) || t.test(f, PG_dirty) || t.test(f, PG_unevictable)) return 0;
  return queueBestEffort(k, f, LRU_MOVE_TAIL);
}

/** folio_mark_accessed(): second access activates; a folio not yet on the LRU is marked in place. */
export function folioMarkAccessed(k: Kernel, f: number): number {
  k.touch(folioKey(f), true); // reads the flags that decide, may set some
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.isFreed(f), k, f, "folio_mark_accessed of a freed folio");
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
  VM_BUG_ON(cpu < 0 || cpu >= k.nrCpus, "cpu_needs_drain of no CPU");
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
  // Finding a batch empty is a read of it too: a drain that finds nothing races with an add.
  for (let kind = 0; kind < MLOCK_BATCH; kind++) {
    k.touch(batchKey(cpu, kind), false);
    if (row[kind]!.nr > 0) moved += folioBatchMoveLru(k, row[kind]!);
  }
  k.touch(batchKey(cpu, MLOCK_BATCH), false);
  if (row[MLOCK_BATCH]!.nr > 0) moved += mlockFolioBatch(k, row[MLOCK_BATCH]!);
  for (let kind = 0; kind < NR_BATCHES; kind++)
    VM_BUG_ON(row[kind]!.nr !== 0, "a batch left full by its drain");
  return moved;
}

/** Who asked for a local drain: the pin path's collect step is what reviewers count. */
export type DrainCaller = "collect" | "other";

/** lru_add_drain(): drain this CPU's batches, synchronously (§4.6). */
export function* lruAddDrain(k: Kernel, caller: DrainCaller = "other"): Proc {
  if (caller === "collect") {
    k.counters.drains_local++;
    k.current().drains.local++;
  }
  const moved = lruAddDrainCpu(k, k.current().cpu);
  yield k.cost(k.costs.local_drain_ns + moved * k.costs.lru_move_per_folio_ns);
}

/** lru_add_drain_all(): drain every CPU's batches, the others through their kworkers (§4.6). */
export function* lruAddDrainAll(k: Kernel): Proc {
  yield* __lruAddDrainAll(k, false);
}

function* __lruAddDrainAll(k: Kernel, forceAllCpus: boolean): Proc {
  const task = k.current();
  VM_BUG_ON(k.lruDrainMutex.owner === task.pid, "__lru_add_drain_all under its own mutex");
  k.counters.drains_global++;
  task.drains.global++;
  k.traceFunc("func_begin", "lru_add_drain_all");
  if (k.config.local_drain_first_in_drain_all) {
    const moved = lruAddDrainCpu(k, task.cpu);
    yield k.cost(k.costs.local_drain_ns + moved * k.costs.lru_move_per_folio_ns);
  }
  k.touch(KEY_DRAIN_GEN, false);
  const thisGen = k.lruDrainGen;
  // The snapshot and the mutex are separate steps: another drainer may finish a whole drain in
  // between, which is what the generation check is for.
  yield k.cost(k.costs.drain_all_base_ns / 4);
  yield* k.lruDrainMutex.lock(task.pid, () => k.touch(KEY_DRAIN_MUTEX, true));
  k.touch(KEY_DRAIN_MUTEX, true);
  k.touch(KEY_DRAIN_GEN, true);
  if (thisGen !== k.lruDrainGen && !forceAllCpus) {
    // Another drainer bumped the generation after our snapshot: its work covered our batches.
    k.counters.drains_piggybacked++;
    k.lruDrainMutex.unlock(k.engine);
    k.traceFunc("func_end", "lru_add_drain_all");
    yield k.cost(k.costs.drain_all_base_ns);
    return;
  }
  k.lruDrainGen++;
  const queued: number[] = [];
  for (let cpu = 0; cpu < k.nrCpus; cpu++) {
    if (forceAllCpus || drainAllWants(k, cpu)) {
      const work = k.lruAddDrainWork[cpu]!;
      initWork(work, lruAddDrainPerCpu, "lru_add_drain_per_cpu");
      if (queueWorkOn(k, cpu, work)) k.counters.drain_work_items++;
      queued.push(cpu);
    }
  }
  yield k.cost(k.costs.drain_all_base_ns + queued.length * k.costs.queue_work_ns);
  for (const cpu of queued) yield* flushWork(k, k.lruAddDrainWork[cpu]!);
  VM_BUG_ON(k.lruDrainMutex.owner !== task.pid, "drain mutex lost while flushing");
  k.touch(KEY_DRAIN_MUTEX, true);
  k.lruDrainMutex.unlock(k.engine);
  k.traceFunc("func_end", "lru_add_drain_all");
}

/** Decision point (c): the config's rule if a patch supplied one, else cpu_needs_drain(). */
function drainAllWants(k: Kernel, cpu: number): boolean {
  const rule = k.config.rules?.drainAllCpu;
  return rule === undefined ? cpuNeedsDrain(k, cpu) : decide(rule, drainAllCpuView(k, cpu)) === true;
}

/** lru_add_drain_per_cpu(): the work item, run by the kworker of the CPU it drains. */
function lruAddDrainPerCpu(k: Kernel, work: WorkStruct): number {
  VM_BUG_ON(k.current().cpu !== work.cpu, "lru_add_drain_per_cpu ran on another CPU");
  const moved = lruAddDrainCpu(k, work.cpu); // includes mlock_drain_local()
  return k.costs.local_drain_ns + moved * k.costs.lru_move_per_folio_ns;
}

/** lru_cache_disable(): every later queueing op drains at once until lru_cache_enable(). */
export function* lruCacheDisable(k: Kernel): Proc {
  VM_BUG_ON(k.lruDisableCount < 0, "lru_disable_count underflow");
  k.lruDisableCount++;
  k.touch(KEY_LRU_DISABLE, true);
  yield k.cost(k.costs.drain_all_base_ns); // synchronize_rcu_expedited()
  yield* __lruAddDrainAll(k, true);
}

export function lruCacheEnable(k: Kernel): void {
  VM_BUG_ON(k.lruDisableCount <= 0, "lru_cache_enable without lru_cache_disable");
  k.lruDisableCount--;
  k.touch(KEY_LRU_DISABLE, true);
}
