// mm/madvise.c: the advice a scenario program can give. MADV_HUGEPAGE / MADV_NOHUGEPAGE change
// what later anonymous faults allocate. MADV_COLD and MADV_PAGEOUT first drain this CPU's
// batches (lru_add_drain()), then walk the range: COLD queues each active folio for deactivation
// (so it sits in this CPU's lru_deactivate batch afterwards); PAGEOUT isolates each folio and
// hands it to reclaim, which without swap can write nothing and puts it back through this CPU's
// lru_add batch. Folios mapped by more than one PTE-mapping process are skipped by both.

import type { Proc } from "../engine/op.ts";
import { EINVAL } from "./errno.ts";
import { PG_active, PG_referenced, PG_unevictable } from "./folio_flags.ts";
import { folioKey, KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { isMigrationEntry, PTE_NONE, VM_LOCKED, type Vma } from "./mm.ts";
import { folioDeactivate, folioIsFileLru, lruAddDrain } from "./swap.ts";
import { folioIsolateLru, folioPutbackLru } from "./vmscan.ts";
import { NR_ISOLATED_ANON, nodeStatModFolio } from "./vmstat.ts";

/** MADV_HUGEPAGE (on) / MADV_NOHUGEPAGE (off): only anonymous VMAs get THPs in this model. */
export function* madviseHugepage(k: Kernel, vma: Vma, on: boolean): Proc<number> {
  k.touch(KEY_PAGE_TABLES, true);
  if (vma.kind === "anon") vma.thp = on;
  yield k.cost(k.costs.syscall_ns);
  return 0;
}

/** can_madv_lru_vma(): locked (and PFN-mapped, hugetlb) VMAs refuse COLD and PAGEOUT. */
function canMadvLruVma(k: Kernel, vma: Vma): boolean {
  k.touch(KEY_PAGE_TABLES, false); // the VMA's flags decide
  return (vma.flags & VM_LOCKED) === 0 && vma.kind !== "hugetlb";
}

/** madvise_cold(): returns 0 or -EINVAL. */
export function* madviseCold(k: Kernel, vma: Vma, first: number, count: number): Proc<number> {
  if (!canMadvLruVma(k, vma)) return -EINVAL;
  yield* lruAddDrain(k);
  k.traceFunc("func_begin", "madvise_cold");
  let moved = 0;
  for (const f of exclusiveFolios(k, vma, first, count)) {
    k.folios.clear(f, PG_referenced);
    moved += folioDeactivate(k, f);
  }
  k.traceFunc("func_end", "madvise_cold");
  yield k.cost(k.costs.syscall_ns + count * k.costs.batch_add_ns + moved * k.costs.lru_move_per_folio_ns);
  return 0;
}

/** madvise_pageout(): reclaim of isolated folios; with no swap nothing is written (see header). */
export function* madvisePageout(k: Kernel, vma: Vma, first: number, count: number): Proc<number> {
  if (!canMadvLruVma(k, vma)) return -EINVAL;
  yield* lruAddDrain(k);
  k.traceFunc("func_begin", "madvise_pageout");
  const isolated: number[] = [];
  for (const f of exclusiveFolios(k, vma, first, count)) {
    k.folios.clear(f, PG_referenced);
    if (!folioIsolateLru(k, f)) continue;
    isolatedMod(k, f, 1);
    isolated.push(f);
  }
  yield k.cost(k.costs.syscall_ns + isolated.length * k.costs.isolate_ns);
  reclaimPages(k, isolated);
  k.traceFunc("func_end", "madvise_pageout");
  yield k.cost(isolated.length * k.costs.batch_add_ns);
  return 0;
}

/** reclaim_pages() with no swap device: every folio is kept, activated, and put back. */
function reclaimPages(k: Kernel, folios: readonly number[]): void {
  for (const f of folios) {
    if (!k.folios.test(f, PG_unevictable)) k.folios.set(f, PG_active);
    isolatedMod(k, f, -1);
    folioPutbackLru(k, f);
  }
}

/** Distinct folios mapped in pages first..first+count-1 and mapped once (not shared). */
function exclusiveFolios(k: Kernel, vma: Vma, first: number, count: number): number[] {
  k.touch(KEY_PAGE_TABLES, false);
  const out: number[] = [];
  const end = Math.min(first + count, vma.nrPages);
  for (let i = first; i < end; i++) {
    k.touchPte(vma, i, false);
    const f = vma.pte[i]!;
    if (f === PTE_NONE || isMigrationEntry(f) || f === k.zeroFolio || out.includes(f)) continue;
    k.touch(folioKey(f), false);
    if (k.folios.mapcount[f]! > 1) continue;
    out.push(f);
  }
  return out;
}

/** NR_ISOLATED_ANON / NR_ISOLATED_FILE by the folio's pages, as isolation and putback count them. */
function isolatedMod(k: Kernel, f: number, sign: 1 | -1): void {
  nodeStatModFolio(k, f, NR_ISOLATED_ANON + folioIsFileLru(k, f), sign * k.folios.nrPages(f));
}
