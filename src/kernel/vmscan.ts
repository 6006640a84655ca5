// mm/vmscan.c: folio_isolate_lru() and folio_putback_lru(); hugetlb isolation (mm/hugetlb.c).

import { LRU_ADD } from "./folio_batch.ts";
import { F_HUGETLB, F_HUGETLB_MIGRATABLE, F_ISOLATED, PG_lru, PG_swapbacked } from "./folio_flags.ts";
import { H_ISOLATION } from "./holders.ts";
import { batchKey, type Kernel } from "./kernel.ts";
import { folioAddLru, lruvecDelFolio } from "./swap.ts";

/** folio_isolate_lru(): wins PG_lru, takes +1, leaves the lruvec list (§3.4 step 6). */
export function folioIsolateLru(k: Kernel, f: number): boolean {
  k.traceFunc("func_begin", "folio_isolate_lru");
  const ok = isolateLru(k, f);
  k.traceFunc("func_end", "folio_isolate_lru", ok ? 1 : 0);
  return ok;
}

function isolateLru(k: Kernel, f: number): boolean {
  const t = k.folios;
  if (k.refcount(f) === 0) return false;
  if (!t.testClear(f, PG_lru)) return false;
  k.folioGet(f, H_ISOLATION);
  if (t.lruList[f] !== 0) lruvecDelFolio(k, f);
  else removeFromLruAddBatch(k, f);
  t.set(f, F_ISOLATED);
  return true;
}

/**
 * 2026 rework (§4.8): a batched folio has PG_lru and its batch slot is recorded in lru_next, so
 * isolation takes it out of the batch directly. pinsim finds the slot by search.
 */
function removeFromLruAddBatch(k: Kernel, f: number): void {
  for (let cpu = 0; cpu < k.nrCpus; cpu++) {
    const batch = k.batches[cpu]![LRU_ADD]!;
    const i = batch.indexOf(f);
    if (i >= 0) {
      k.touch(batchKey(cpu, LRU_ADD), true);
      batch.removeAt(i);
      return;
    }
  }
}

/** NR_ISOLATED_ANON/FILE += nr: shmem is swap-backed, so it counts as anon (§1.5). */
export function nodeStatAddIsolated(k: Kernel, f: number, sign: 1 | -1): void {
  const nr = k.folios.nrPages(f) * sign;
  if (k.folios.test(f, PG_swapbacked)) k.counters.nr_isolated_anon += nr;
  else k.counters.nr_isolated_file += nr;
}

/** folio_putback_lru(): back through this CPU's lru_add batch (+1 there), then drop isolation. */
export function folioPutbackLru(k: Kernel, f: number): void {
  k.folios.clear(f, F_ISOLATED);
  folioAddLru(k, f);
  k.folioPut(f, H_ISOLATION);
}

/** folio_isolate_hugetlb(): only if still migratable; clears it and takes a reference. */
export function folioIsolateHugetlb(k: Kernel, f: number): boolean {
  const t = k.folios;
  if (!t.test(f, F_HUGETLB) || !t.test(f, F_HUGETLB_MIGRATABLE) || k.refcount(f) === 0) return false;
  t.clear(f, F_HUGETLB_MIGRATABLE);
  t.set(f, F_ISOLATED);
  k.folioGet(f, H_ISOLATION);
  return true;
}

export function folioPutbackHugetlb(k: Kernel, f: number): void {
  k.folios.set(f, F_HUGETLB_MIGRATABLE);
  k.folios.clear(f, F_ISOLATED);
  k.folioPut(f, H_ISOLATION);
}
