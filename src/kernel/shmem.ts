// mm/shmem.c: writing into a memfd's page cache without mapping it. pwrite() (shmem_write_begin)
// and fallocate() (shmem_fallocate) both get each missing folio through the page-cache
// allocation path, which adds it to this CPU's lru_add batch; the file keeps its page-cache
// reference and the caller's reference is dropped.

import type { Proc } from "../engine/op.ts";
import { H_ALLOC } from "./holders.ts";
import { KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { shmemAllocAndAddToCache } from "./memory.ts";
import type { AddressSpace } from "./mm.ts";
import { folioAddLru } from "./swap.ts";

/** Pages first..first+count-1 of the file get a folio; returns how many were new, or -ENOMEM. */
export function* shmemWritePages(k: Kernel, space: AddressSpace, first: number, count: number): Proc<number> {
  k.traceFunc("func_begin", "shmem_get_folio");
  k.touch(KEY_PAGE_TABLES, true); // the page cache's index: read to skip cached pages, written to add
  let created = 0;
  let moved = 0;
  let ret = 0;
  for (let p = first; p < first + count && p < space.pages.length; p++) {
    if (space.pages[p]! >= 0) continue;
    const f = shmemAllocAndAddToCache(k, space, p);
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
