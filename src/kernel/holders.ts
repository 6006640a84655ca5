// Who holds a folio reference. The kernel keeps only the total; pinsim keeps a count per holder
// kind beside it (design.md "Folios and references"), so it can say who holds the reference
// that made a migration fail.

export const H_ALLOC = 0; // the allocating caller, until handed over
export const H_PAGECACHE = 1; // +nr_pages while in a mapping (§1.1)
export const H_SWAPCACHE = 2;
export const H_PRIVATE = 3; // PG_private
export const H_MAPPING = 4; // one per page-table entry (PTE or PMD)
export const H_LRU_BATCH = 5; // queued in a cpu_fbatches batch
export const H_MLOCK_BATCH = 6; // queued in an mlock batch
export const H_ISOLATION = 7; // isolated from the LRU / hugetlb for migration
export const H_GUP_GET = 8; // FOLL_GET (short-term GUP)
export const H_GUP_PIN = 9; // FOLL_PIN: counts pins; a small folio's refcount moves by 1024 per pin
export const H_TRANSIENT = 10; // drivers, GPU, speculative lookups
export const NR_HOLDERS = 11;

export const HOLDER_NAMES: readonly string[] = [
  "alloc",
  "pagecache",
  "swapcache",
  "private",
  "mapping",
  "lru-batch",
  "mlock-batch",
  "isolation",
  "gup-get",
  "gup-pin",
  "transient",
];

/** GUP_PIN_COUNTING_BIAS (§1.3). */
export const GUP_PIN_COUNTING_BIAS = 1024;
