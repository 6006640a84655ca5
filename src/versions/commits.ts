// The kernel commits (and the few unmerged postings) that pinsim's versions and patches model,
// cited by id and subject so a reader can look each one up (`git show <id>`, lore.kernel.org).
// What each one changes in the model is written in docs/kernel-model.md, section by section.

export interface Citation {
  /** Mainline commit id (12 hex digits); absent for postings that were never merged. */
  readonly commit?: string;
  /** The commit's subject line, or the posting's title. */
  readonly subject: string;
  /** For a posting: who, when and where; for a commit: anything a reader must know (UNVERIFIED ids). */
  readonly note?: string;
}

export const COMMITS = {
  cmaMigrate: {
    commit: "9a4e9f3b2d73",
    subject: "mm: update get_user_pages_longterm to migrate pages allocated from CMA region",
  },
  mlockBatch: { commit: "2fbb0c10d1e8", subject: "mm/munlock: mlock_page() munlock_page() batch by pagevec" },
  expectedRefsPrivate: {
    commit: "108ca8358139",
    subject: "mm/migrate: Convert expected_page_refs() to folio_expected_refs()",
  },
  migrateBatching: { commit: "5dfab109d519", subject: "migrate_pages: batch _unmap and _move" },
  migrateDrainMapped: {
    commit: "c3096e6782b7",
    subject: "mm/migrate: __unmap_and_move() push good newpage to LRU",
  },
  migrateDrainMlocked: {
    commit: "eebb3dabbb5c",
    subject: "mm: migrate: record the mlocked page status to remove unnecessary lru drain",
  },
  batchSize31: { commit: "9cecde80aae0", subject: "mm: increase folio batch size" },
  lruClear: {
    commit: "33dfe9204f29",
    subject: "mm/gup: clear the LRU flag of a page before adding to LRU batch",
  },
  listEmpty: { commit: "1aaf8c122918", subject: "mm: gup: fix infinite loop within __get_longterm_locked" },
  listEmptyRevert: {
    commit: "517f496e1e61",
    subject: 'mm/gup: revert "mm: gup: fix infinite loop within __get_longterm_locked"',
  },
  expectedRefCount: {
    commit: "86ebd50224c0",
    subject: "mm: add folio_expected_ref_count() for reference count calculation",
  },
  refcountCheck: {
    commit: "98c6d259319e",
    subject: "mm/gup: check ref_count instead of lru before migration",
  },
  localDrain: {
    commit: "a09a8a1fbb37",
    subject: "mm/gup: local lru_add_drain() to avoid lru_add_drain_all()",
  },
  lruClearRevert: {
    commit: "afb99e9f5004",
    subject: 'mm: revert "mm/gup: clear the LRU flag of a page before adding to LRU batch"',
  },
  vmscanRevert: { commit: "8d79ed36bfc8", subject: 'mm: revert "mm: vmscan.c: fix OOM on swap stress test"' },
  vmscanFix: { commit: "0885ef470560", subject: "mm: vmscan.c: fix OOM on swap stress test" },
  mayBeLruCached: {
    commit: "2da6de30e60d",
    subject: "mm: folio_may_be_lru_cached() unless folio_test_large()",
  },
  drainAllLocalFirst: {
    subject: "mm: lru_add_drain_all() do local lru_add_drain() first",
    note: "Hugh Dickins' v2 series, patch 6/6; in linux-next for 6.18, mainline id not verified",
  },
  swapcacheNonAnon: {
    commit: "f183663901f2",
    subject: "mm: consider non-anon swap cache folios in folio_expected_ref_count()",
  },
  pinRefsFix: {
    subject: "mm/gup: fix always draining LRU caches in collect_longterm_unpinnable_folios()",
    note: "mm tree, 2026 (with lru_cache_drain_for_folio()); no release known",
  },
  batchRework: {
    subject: "LRU and mlock batch rework: batch entries hold no reference, PG_lru set while batched",
    note: "mm tree, 2026 (mm/folio.c); no release known",
  },
  hubbardRfc: {
    subject: "mm/migrate: wait for folio refcount during longterm pin migration",
    note: "John Hubbard, RFC 0/2-2/2, linux-mm, 2026-04-09; not merged",
  },
  hubbardRfcReplies: {
    subject: "Re: mm/migrate: wait for folio refcount during longterm pin migration",
    note: "Alistair Popple and Huang Ying, linux-mm, 2026-04-21: wait for every ZONE_MOVABLE migration?",
  },
  willDrainIfMlocked: {
    subject: "mm/gup: Drain batched mlock folio processing before attempting migration",
    note: "Will Deacon, linux-mm, 2025-08-15; not merged (superseded by 98c6d259319e)",
  },
  hughMlockedNotUnevictable: {
    subject: "review of Will Deacon's patch: drain only if mlocked and not yet unevictable",
    note: "Hugh Dickins, linux-mm thread of 2025-08-15; failed Will's test",
  },
  eagainToCaller: {
    subject: "review of Will Deacon's report: return -EAGAIN rather than -ENOMEM to the caller",
    note: "Will Deacon, linux-mm thread <aMAR1A1CidQrIFEW@willie-the-truck>, 2025-09; an idea, not a patch",
  },
} as const satisfies Record<string, Citation>;

/** "98c6d259319e mm/gup: check ref_count ..." or "(not merged) title — note". */
export function citationText(c: Citation): string {
  const head = c.commit === undefined ? `(no commit) ${c.subject}` : `${c.commit} ${c.subject}`;
  return c.note === undefined ? head : `${head} — ${c.note}`;
}
