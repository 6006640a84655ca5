// mm/shmem.c: a new folio in a memfd's page cache. hugetlbfs files come here too: pinsim's
// hugetlb page cache differs from shmem's only in the folio's order and flags.

import { F_HUGETLB, F_HUGETLB_MIGRATABLE, PG_swapbacked, PG_uptodate } from "./folio_flags.ts";
import { H_PAGECACHE } from "./holders.ts";
import type { Kernel } from "./kernel.ts";
import type { AddressSpace } from "./mm.ts";
import { VM_BUG_ON } from "./mmdebug.ts";
import { folioAlloc } from "./page_alloc.ts";

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
