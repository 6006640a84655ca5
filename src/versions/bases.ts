// Named base kernels as KernelConfig values. Each cites the kernel commits it models and the
// sections of docs/kernel-model.md that say what they change; the § numbers in comments below
// are sections of that document.

import type { KernelConfig } from "../kernel/config.ts";
import { COMMITS as C, type Citation } from "./commits.ts";

export interface BaseVersion {
  readonly name: string;
  /** The base it is derived from (changes listed in `cites` apply on top of it). */
  readonly parent?: string;
  readonly summary: string;
  /** The commits whose behaviour this base adds to its parent. */
  readonly cites: readonly Citation[];
  /** Sections of docs/kernel-model.md, e.g. ["3.4.1", "4.5"]. */
  readonly model: readonly string[];
  readonly config: Omit<KernelConfig, "name">;
}

const NO_RFC = {
  enabled: false,
  timeout_ns: 1_000_000_000,
  scope: "longterm-pin",
  wake_from_batch_release: false,
} as const;

/** Tracepoint layouts before v6.7: no nr_split, page_mapcount(), activate_work without function=. */
const TRACEPOINTS_5_17 = {
  migrate_pages_nr_split: false,
  page_ref_raw_mapcount: false,
  activate_work_function: false,
} as const;

/** v5.17: pagevec of 15, no mlock batch yet, the original !PageLRU drain test. */
const V5_17: Omit<KernelConfig, "name"> = {
  batch_size: 15, // §4.2
  mlock_batching: false, // §8: 2fbb0c10d1e8 is 5.18
  lru_flag_cleared_when_batched: false, // §4.5
  batches_hold_refs: true,
  collect_drain_test: "lru-flag", // §3.4.1
  collect_drain_also_if: "never",
  collect_local_drain_first: false,
  collect_skip_large: false,
  collect_extra_refs: "one",
  collect_success_if_list_empty: false, // §3.3
  local_drain_first_in_drain_all: false,
  expected_counts_non_anon_swapcache: false, // §1.4
  expected_counts_private_2: true, // §8: page_has_private until 6.0 (108ca8358139)
  migrate_drain_after_move: "never", // §5.5: c3096e6782b7 (drain if mapped) is 5.18
  migrate_pages_per_folio: true, // §6.4: unmap_and_move() until 5dfab109d519 (6.3)
  migration_failure_errno: "ENOMEM",
  hubbard_wait: NO_RFC,
  tracepoints: TRACEPOINTS_5_17,
};

function derive(
  base: Omit<KernelConfig, "name">,
  changes: Partial<Omit<KernelConfig, "name">>,
): Omit<KernelConfig, "name"> {
  return { ...base, ...changes };
}

const V5_18 = derive(V5_17, { mlock_batching: true, migrate_drain_after_move: "mapped" });
const V6_1 = derive(V5_18, { expected_counts_private_2: false });
const V6_9 = derive(V6_1, {
  batch_size: 31,
  migrate_drain_after_move: "mlocked", // eebb3dabbb5c (6.7)
  migrate_pages_per_folio: false,
  tracepoints: { ...TRACEPOINTS_5_17, migrate_pages_nr_split: true }, // v6.7
});
const V6_11 = derive(V6_9, {
  lru_flag_cleared_when_batched: true,
  tracepoints: { migrate_pages_nr_split: true, page_ref_raw_mapcount: true, activate_work_function: true }, // v6.10
});
const V6_15 = derive(V6_11, { collect_success_if_list_empty: true });
const V6_17 = derive(V6_11, {
  lru_flag_cleared_when_batched: false,
  collect_drain_test: "refcount",
  collect_local_drain_first: true,
  collect_skip_large: true,
});
const V6_18 = derive(V6_17, { local_drain_first_in_drain_all: true });
const MM_2026 = derive(V6_18, {
  collect_extra_refs: "pin-refs",
  batches_hold_refs: false,
  expected_counts_non_anon_swapcache: true,
});

export const BASES: readonly BaseVersion[] = [
  {
    name: "v5.17",
    summary: "pagevec 15, no mlock batch, drain only if !PageLRU",
    cites: [C.cmaMigrate],
    model: ["3.4.1", "4.2", "5.1"],
    config: V5_17,
  },
  {
    name: "v5.18",
    parent: "v5.17",
    summary: "per-CPU mlock batch holding references (2fbb0c10d1e8)",
    cites: [C.mlockBatch, C.migrateDrainMapped],
    model: ["5.1"],
    config: V5_18,
  },
  {
    name: "v6.1",
    parent: "v5.18",
    summary: "PG_private only in the expected count (108ca8358139)",
    cites: [C.expectedRefsPrivate],
    model: ["1.4", "5.5"],
    config: V6_1,
  },
  {
    name: "v6.9",
    parent: "v6.1",
    summary:
      "folio batch 31 (9cecde80aae0); batched migration (5dfab109d519); drains only for mlocked (eebb3dabbb5c)",
    cites: [C.batchSize31, C.migrateBatching, C.migrateDrainMlocked],
    model: ["4.2", "5.5"],
    config: V6_9,
  },
  {
    name: "v6.11",
    parent: "v6.9",
    summary: "PG_lru cleared while in best-effort batches (33dfe9204f29)",
    cites: [C.lruClear],
    model: ["4.5"],
    config: V6_11,
  },
  {
    name: "v6.15",
    parent: "v6.11",
    summary: "the kernel of Will Deacon's report; list_empty success test (1aaf8c122918)",
    cites: [C.listEmpty],
    model: ["3.3", "3.4.1"],
    config: V6_15,
  },
  {
    name: "v6.17",
    parent: "v6.11",
    summary: "refcount check, local drain first, large folios skipped; 33dfe9204f29 reverted",
    cites: [C.refcountCheck, C.localDrain, C.mayBeLruCached, C.lruClearRevert, C.listEmptyRevert],
    model: ["3.3", "3.4.1", "4.4", "4.5"],
    config: V6_17,
  },
  {
    name: "v6.18",
    parent: "v6.17",
    summary: "lru_add_drain_all() drains locally first (Hugh 6/6, assumed 6.18)",
    cites: [C.drainAllLocalFirst],
    model: ["4.6"],
    config: V6_18,
  },
  {
    name: "mm-2026",
    parent: "v6.18",
    summary: "mm tree 2026: pin_refs drain fix, batches hold no references (UNVERIFIED)",
    cites: [C.pinRefsFix, C.batchRework, C.swapcacheNonAnon],
    model: ["1.4", "3.4.1", "4.8", "5.6"],
    config: MM_2026,
  },
];
