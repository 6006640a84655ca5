// mm/readahead.c: readahead fills a page cache with folios nobody maps yet. For the pin path
// its effect is LRU traffic: every new folio enters this CPU's lru_add batch (§4.7).

import { H_ALLOC } from "./holders.ts";
import { KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import type { AddressSpace } from "./mm.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO } from "./mmdebug.ts";
import { shmemAllocAndAddFolio } from "./shmem.ts";
import { folioAddLru, folioBatchAddCost } from "./swap.ts";

/**
 * page_cache_ra_unbounded(): `nr` pages from `index` that are not cached yet get a folio. One
 * atomic step, which the caller (a read) takes: this returns its cost, the caller yields it.
 */
export function pageCacheRaUnbounded(k: Kernel, space: AddressSpace, index: number, nr: number): number {
  k.traceFunc("func_begin", "page_cache_ra_unbounded");
  k.touch(KEY_PAGE_TABLES, false);
  VM_BUG_ON(index < 0 || nr < 0, "readahead of a negative range");
  let moved = 0;
  for (let p = index; p < index + nr && p < space.pages.length; p++) {
    k.touchPageCache(space, p, true); // read to skip a cached page, written to add one
    if (space.pages[p]! >= 0) continue;
    const f = shmemAllocAndAddFolio(k, space, p);
    if (f < 0) break;
    moved += folioAddLru(k, f);
    k.folioPut(f, H_ALLOC);
    VM_BUG_ON_FOLIO(k.folios.mapcount[f] !== 0, k, f, "readahead folio already mapped");
  }
  k.traceFunc("func_end", "page_cache_ra_unbounded");
  return k.cost(nr * k.costs.batch_add_ns + folioBatchAddCost(k, moved));
}
