// mm/memfd.c: memfd_create(), a shmem (or hugetlbfs) file with its own page cache.

import type { Kernel } from "./kernel.ts";
import { type AddressSpace, HPAGE_PMD_ORDER } from "./mm.ts";
import { VM_BUG_ON } from "./mmdebug.ts";

/** memfd_create() (shmem) or a hugetlbfs memfd: a page cache of `nrPages`. */
export function memfdCreate(k: Kernel, name: string, nrPages: number, hugetlb: boolean): AddressSpace {
  VM_BUG_ON(nrPages < 0 || !Number.isInteger(nrPages), "memfd of a size that is no page count");
  const space: AddressSpace = {
    id: k.spaces.length,
    name,
    pages: new Int32Array(nrPages).fill(-1),
    folioOrder: hugetlb ? HPAGE_PMD_ORDER : 0,
    hugetlb,
  };
  k.spaces.push(space);
  return space;
}

/** Grows a file's page cache index to at least `nrPages` (a file that is read further). */
export function fileEnsureSize(space: AddressSpace, nrPages: number): void {
  if (space.pages.length >= nrPages) return;
  const grown = new Int32Array(Math.max(nrPages, space.pages.length * 2)).fill(-1);
  grown.set(space.pages);
  space.pages = grown;
}
