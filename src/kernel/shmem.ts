// mm/shmem.c: a new folio in a memfd's page cache (hugetlbfs files come here too: pinsim's
// hugetlb page cache differs from shmem's only in the folio's order and flags); and writing into
// a memfd's page cache without mapping it: pwrite() (shmem_write_begin) and fallocate()
// (shmem_fallocate) get each missing folio through the same allocation, which adds it to this
// CPU's lru_add batch; the file keeps its page-cache reference and the caller's is dropped.

import type { Proc } from "../engine/op.ts";
import { F_HUGETLB, F_HUGETLB_MIGRATABLE, PG_swapbacked, PG_uptodate } from "./folio_flags.ts";
import { H_ALLOC, H_PAGECACHE } from "./holders.ts";
import { KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import type { AddressSpace } from "./mm.ts";
import { VM_BUG_ON } from "./mmdebug.ts";
import { folioAlloc } from "./page_alloc.ts";
import { folioAddLru } from "./swap.ts";

/** shmem_alloc_and_add_folio(): a new folio in the page cache, allocation ref still held; -1 if none. */
export function shmemAllocAndAddFolio(k: Kernel, space: AddressSpace, index: number): number {
  const t = k.folios;
  VM_BUG_ON(space.pages[index]! >= 0, "shmem_alloc_and_add_folio over a cached page");
  const order = space.folioOrder;
  const first = order > 0 ? index & ~((1 << order) - 1) : index;
  const f = folioAlloc(k, order, true);
  if (f < 0) return -1;
  t.set(f, PG_swapbacked | PG_uptodate);
  if (space.hugetlb) t.set(f, F_HUGETLB | F_HUGETLB_MIGRATABLE);
  t.mapping[f] = space.id;
  t.index[f] = first;
  for (let p = 0; p < 1 << order; p++) space.pages[first + p] = f;
  k.folioGet(f, H_PAGECACHE, 1 << order);
  return f;
}

/** Pages first..first+count-1 of the file get a folio; returns how many were new, or -ENOMEM. */
export function* shmemWritePages(k: Kernel, space: AddressSpace, first: number, count: number): Proc<number> {
  k.traceFunc("func_begin", "shmem_get_folio");
  k.touch(KEY_PAGE_TABLES, false);
  let created = 0;
  let moved = 0;
  let ret = 0;
  for (let p = first; p < first + count && p < space.pages.length; p++) {
    k.touchPageCache(space, p, true); // read to skip a cached page, written to add one
    if (space.pages[p]! >= 0) continue;
    const f = shmemAllocAndAddFolio(k, space, p);
    if (f < 0) {
      ret = -12;
      break;
    }
    if (!space.hugetlb) moved += folioAddLru(k, f);
    k.folioPut(f, H_ALLOC);
    created++;
  }
  k.traceFunc("func_end", "shmem_get_folio", ret < 0 ? ret : created);
  yield k.cost(k.costs.syscall_ns + created * k.costs.fault_shmem_ns + moved * k.costs.lru_move_per_folio_ns);
  return ret < 0 ? ret : created;
}
