// mm/memory.c: the fault paths, for VM_LOCKED | VM_LOCKONFAULT step by step as in
// kernel-model.md §5.4: page-cache ref, lru_add batch ref, mapping ref, mlock batch ref.

import { type Proc, wait } from "../engine/op.ts";
import { ENOMEM } from "./errno.ts";
import {
  F_ANON,
  F_ZERO_PAGE,
  PG_anon_exclusive,
  PG_dirty,
  PG_swapbacked,
  PG_uptodate,
} from "./folio_flags.ts";
import { H_ALLOC, H_MAPPING } from "./holders.ts";
import { folioKey, type Kernel } from "./kernel.ts";
import { mlockFolio, mlockNewFolio } from "./mlock.ts";
import {
  HPAGE_PMD_NR,
  HPAGE_PMD_ORDER,
  isMigrationEntry,
  migrationEntryFolio,
  PTE_NONE,
  type Vma,
  vmaIsLocked,
} from "./mm.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO } from "./mmdebug.ts";
import { folioAlloc } from "./page_alloc.ts";
import { shmemAllocAndAddFolio } from "./shmem.ts";
import { folioAddLru, folioBatchAddCost } from "./swap.ts";
import { traced } from "./traced.ts";

/**
 * handle_mm_fault() for page `page` of `vma`: returns the (head) folio now mapped there, or a
 * negative errno. One atomic step: the PTL and the local batch locks are held throughout.
 */
export function handleMmFault(k: Kernel, vma: Vma, page: number, write: boolean): Proc<number> {
  VM_BUG_ON(page < vma.start || page >= vma.start + vma.nrPages, "fault outside its vma");
  if (k.tracer !== null) return traced(k, "handle_mm_fault", tracedFault(k, vma, page, write), (r) => r);
  return __handleMmFault(k, vma, page, write);
}

/** Traced, the fault starts after func_begin: a generator defers it until then. */
function* tracedFault(k: Kernel, vma: Vma, page: number, write: boolean): Proc<number> {
  return yield* __handleMmFault(k, vma, page, write);
}

/**
 * Not a generator: it starts the fault and returns the generator of the path that finishes it,
 * so each fault step resumes one frame fewer. Callers run it at once (yield*).
 */
function __handleMmFault(k: Kernel, vma: Vma, page: number, write: boolean): Proc<number> {
  k.counters.faults++;
  const i = page - vma.start;
  k.touchPte(vma, i, true);
  VM_BUG_ON(vma.kind !== "anon" && vma.mapping === null, "file fault without a page cache");
  if (isMigrationEntry(vma.pte[i]!)) return migrationEntryWaitThenFault(k, vma, i, write);
  return handlePteFault(k, vma, i, write);
}

/** A user fault on a page under migration sleeps in migration_entry_wait() and retries. */
function* migrationEntryWaitThenFault(k: Kernel, vma: Vma, i: number, write: boolean): Proc<number> {
  while (isMigrationEntry(vma.pte[i]!)) yield* wait(k.migrationWaitQueue(migrationEntryFolio(vma.pte[i]!)));
  return yield* handlePteFault(k, vma, i, write);
}

function handlePteFault(k: Kernel, vma: Vma, i: number, write: boolean): Proc<number> {
  // A write to the shared zero page is a wp fault that gives the page its own anonymous folio.
  if (write && vma.pte[i] === k.zeroFolio) vma.pte[i] = PTE_NONE;
  if (vma.pte[i] !== PTE_NONE) return alreadyMapped(vma.pte[i]!);
  if (vma.kind === "anon") return doAnonymousPage(k, vma, i, write);
  return doSharedFault(k, vma, i);
}

// biome-ignore lint/correctness/useYield: a fault that finds the page mapped takes no step of its own
function* alreadyMapped(f: number): Proc<number> {
  return f;
}

function* doAnonymousPage(k: Kernel, vma: Vma, i: number, write: boolean): Proc<number> {
  const t = k.folios;
  if (!write && !vma.thp) {
    vma.pte[i] = k.zeroFolio; // read fault maps the shared zero page: no reference, no mapcount
    yield k.cost(k.costs.fault_anon_ns / 2);
    return k.zeroFolio;
  }
  const order = vma.thp ? HPAGE_PMD_ORDER : 0;
  const f = folioAlloc(k, order, true);
  if (f < 0) return -ENOMEM;
  t.set(f, F_ANON | PG_swapbacked | PG_anon_exclusive | PG_uptodate | PG_dirty);
  const first = order > 0 ? i & ~(HPAGE_PMD_NR - 1) : i;
  t.mapping[f] = vma.id;
  t.index[f] = first;
  // folio_add_new_anon_rmap: the allocation reference becomes the mapping's.
  mapFolio(k, vma, f, first);
  k.folioPut(f, H_ALLOC);
  VM_BUG_ON_FOLIO(t.mapcount[f] !== 1 || t.refcount[f] !== 1, k, f, "new anon folio not mapped exactly once");
  // folio_add_lru_vma(): VM_LOCKED vmas send the new folio to the mlock batch (§4.3).
  const moved = vmaIsLocked(vma) ? mlockNewFolio(k, f) : folioAddLru(k, f);
  yield k.cost((order > 0 ? k.costs.fault_huge_ns : k.costs.fault_anon_ns) + folioBatchAddCost(k, moved));
  return f;
}

function* doSharedFault(k: Kernel, vma: Vma, i: number): Proc<number> {
  const space = vma.mapping!;
  const index = vma.pgoff + i;
  k.touchPageCache(space, index, true);
  let moved = 0;
  let f = space.pages[index]!;
  let cost_ns = k.costs.fault_shmem_ns / 4; // page-cache hit
  if (f < 0) {
    f = shmemAllocAndAddFolio(k, space, index);
    if (f < 0) return -ENOMEM;
    if (!space.hugetlb) moved += folioAddLru(k, f);
    cost_ns = space.hugetlb ? k.costs.fault_huge_ns : k.costs.fault_shmem_ns;
  } else {
    k.folioGet(f, H_ALLOC); // the fault's own lookup reference
  }
  // finish_fault(): the fault's reference becomes the page-table mapping's.
  mapFolio(k, vma, f, k.folios.index[f]! - vma.pgoff);
  k.folioPut(f, H_ALLOC);
  VM_BUG_ON_FOLIO(space.pages[index] !== f, k, f, "mapped a folio its page cache does not hold");
  // mlock_vma_folio() from folio_add_file_rmap_*(): an existing folio gets an LRU_FOLIO entry.
  if (vmaIsLocked(vma) && !space.hugetlb) moved += mlockFolio(k, f);
  yield k.cost(cost_ns + folioBatchAddCost(k, moved));
  return f;
}

/** Maps folio `f` at vma page `first` (PTE for small, PMD for large): +1 mapcount, +1 ref. */
export function mapFolio(k: Kernel, vma: Vma, f: number, first: number): void {
  VM_BUG_ON_FOLIO(
    k.folios.isFreed(f) || k.folios.test(f, F_ZERO_PAGE),
    k,
    f,
    "mapping a freed or the zero folio",
  );
  const n = k.folios.nrPages(f);
  for (let p = 0; p < n; p++) vma.pte[first + p] = f;
  if (n > 1) vma.pmd[first >> HPAGE_PMD_ORDER] = 1;
  k.folios.mapcount[f] = k.folios.mapcount[f]! + 1;
  k.folioGet(f, H_MAPPING);
  k.touch(folioKey(f), true);
}
