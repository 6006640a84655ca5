// Page flags (kernel names), as bits of the folio table's flags word (kernel-model.md §1.5),
// plus pinsim-only bookkeeping bits at the top.

export const PG_lru = 1 << 0;
export const PG_active = 1 << 1;
export const PG_unevictable = 1 << 2;
export const PG_mlocked = 1 << 3;
export const PG_swapbacked = 1 << 4;
export const PG_swapcache = 1 << 5;
export const PG_private = 1 << 6;
export const PG_private_2 = 1 << 7;
export const PG_dirty = 1 << 8;
export const PG_writeback = 1 << 9;
export const PG_locked = 1 << 10;
export const PG_anon_exclusive = 1 << 11;
export const PG_referenced = 1 << 12;
export const PG_uptodate = 1 << 13;
/** Anonymous folio (folio->mapping has PAGE_MAPPING_ANON). */
export const F_ANON = 1 << 16;
export const F_HUGETLB = 1 << 17;
/** hugetlb "migratable": cleared while a hugetlb folio is isolated. */
export const F_HUGETLB_MIGRATABLE = 1 << 18;
export const F_ZERO_PAGE = 1 << 19;
export const F_DEVICE_COHERENT = 1 << 20;
export const F_FSDAX = 1 << 21;
/** Freed back to the allocator: the table slot is dead. */
export const F_FREED = 1 << 22;
/** Isolated from the LRU (holds the isolation reference). */
export const F_ISOLATED = 1 << 23;

const PRINTED: readonly [number, string][] = [
  [PG_locked, "locked"],
  [PG_referenced, "referenced"],
  [PG_uptodate, "uptodate"],
  [PG_dirty, "dirty"],
  [PG_lru, "lru"],
  [PG_active, "active"],
  [PG_private, "private"],
  [PG_private_2, "private_2"],
  [PG_writeback, "writeback"],
  [PG_swapbacked, "swapbacked"],
  [PG_swapcache, "swapcache"],
  [PG_unevictable, "unevictable"],
  [PG_mlocked, "mlocked"],
];

/** The flags as the kernel's %pGp prints them ("lru|unevictable|mlocked"). */
export function flagNames(flags: number): string {
  const names: string[] = [];
  for (const [bit, name] of PRINTED) if (flags & bit) names.push(name);
  return names.join("|");
}

/** trace_pagemap_flags() bits (include/trace/events/pagemap.h), what mm_lru_insertion records. */
export const PAGEMAP_MAPPED = 0x1;
export const PAGEMAP_ANONYMOUS = 0x2;
export const PAGEMAP_FILE = 0x4;
export const PAGEMAP_SWAPCACHE = 0x8;
export const PAGEMAP_SWAPBACKED = 0x10;
export const PAGEMAP_MAPPEDDISK = 0x20;
export const PAGEMAP_BUFFERS = 0x40;

/** The folio summary mm_lru_insertion records; pinsim has no PG_mappedtodisk, so never that bit. */
export function pagemapFlags(flags: number, mapcount: number): number {
  let bits = flags & F_ANON ? PAGEMAP_ANONYMOUS : PAGEMAP_FILE;
  if (mapcount > 0) bits |= PAGEMAP_MAPPED;
  if (flags & PG_swapcache) bits |= PAGEMAP_SWAPCACHE;
  if (flags & PG_swapbacked) bits |= PAGEMAP_SWAPBACKED;
  if (flags & PG_private) bits |= PAGEMAP_BUFFERS;
  return bits;
}
