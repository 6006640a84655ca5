// KernelConfig: every behaviour that differs between kernel versions and patches, as data.
// kernel/ reads these fields and never a version name; versions/ builds them.

import type { DecisionRules } from "./decisions.ts";

/** What collect_longterm_unpinnable_folios() tests before draining (kernel-model.md §3.4.1). */
export type CollectDrainTest =
  /** ≤ 6.16: drain if !folio_test_lru(). */
  | "lru-flag"
  /** 98c6d259319e and later: drain if folio_ref_count() != folio_expected_ref_count() + extra. */
  | "refcount";

/** Review-thread alternatives that add to the lru-flag test (kernel-model.md §8). */
export type CollectDrainAlsoIf =
  | "never"
  /** Will Deacon's patch: also drain if mlocked. */
  | "mlocked"
  /** Hugh Dickins' narrower idea: also drain if mlocked && !unevictable. */
  | "mlocked-not-unevictable";

export interface HubbardWaitConfig {
  /** Wait for the refcount at both -EAGAIN points of migrate_pages (kernel-model.md §7.3). */
  readonly enabled: boolean;
  /** Per wait; the RFC uses HZ (1 s). 0 makes every wait return at once. */
  readonly timeout_ns: number;
  /** "longterm-pin": only MR_LONGTERM_PIN (the RFC); "all-movable": every ZONE_MOVABLE migration (Alistair Popple). */
  readonly scope: "longterm-pin" | "all-movable";
  /** Which put paths call wake_up_var() while the static key is on (RFC patch 1/2 text UNVERIFIED; docs/decisions.md). */
  readonly wake_from_batch_release: boolean;
}

/**
 * How this version's tracepoints print (report/ftrace writes them; docs/trace-format.md). The
 * simulation never reads these: they only choose which fields a trace line carries.
 */
export interface TracepointFormat {
  /** mm_migrate_pages has nr_split= (v6.7, Zi Yan "mm/migrate: add nr_split to trace_mm_migrate_pages stats."). */
  readonly migrate_pages_nr_split: boolean;
  /** page_ref_* print the raw _mapcount (-1 unmapped) instead of page_mapcount() (v6.10, David Hildenbrand). */
  readonly page_ref_raw_mapcount: boolean;
  /** workqueue_activate_work prints function= (v6.10, d6a7bbdde672). */
  readonly activate_work_function: boolean;
}

export interface KernelConfig {
  /** The name this config was built from, for output only. */
  readonly name: string;
  /** PAGEVEC_SIZE / FOLIO_BATCH_SIZE: 15 up to 6.8, 31 from 6.9 (§4.2). */
  readonly batch_size: number;
  /** Per-CPU mlock batch exists (5.18+, 2fbb0c10d1e8); before, mlock was immediate (§8). */
  readonly mlock_batching: boolean;
  /** 33dfe9204f29 era (6.11–6.16): non-lru_add batches clear PG_lru at queue time (§4.5). */
  readonly lru_flag_cleared_when_batched: boolean;
  /** 2026 mm-tree rework: batch entries hold no reference, PG_lru set while batched (§4.8, §5.6). */
  readonly batches_hold_refs: boolean;
  readonly collect_drain_test: CollectDrainTest;
  readonly collect_drain_also_if: CollectDrainAlsoIf;
  /** a09a8a1fbb37: try a local lru_add_drain() before lru_add_drain_all() (tri-state `drained`). */
  readonly collect_local_drain_first: boolean;
  /** 2da6de30e60d: the drain test applies only if folio_may_be_lru_cached() (small folios). */
  readonly collect_skip_large: boolean;
  /** 2026 mm "fix always draining": compare against expected + pin_refs instead of expected + 1. */
  readonly collect_extra_refs: "one" | "pin-refs";
  /** 1aaf8c122918 (6.14-rc .. its revert 517f496e1e61): success test is list_empty, not collected == 0. */
  readonly collect_success_if_list_empty: boolean;
  /** Hugh's 6/6 (assumed 6.18): lru_add_drain_all() drains the local CPU first (§4.6). */
  readonly local_drain_first_in_drain_all: boolean;
  /** f183663901f2 (6.19): swap-cache term for non-anon folios in folio_expected_ref_count (§1.4). */
  readonly expected_counts_non_anon_swapcache: boolean;
  /** Before 6.0 (108ca8358139) the migration count used page_has_private: PG_private_2 counted (§8). */
  readonly expected_counts_private_2: boolean;
  /**
   * When migration drains the local batches after a successful move (§5.5): "never" before
   * c3096e6782b7 (5.18); "mapped", if the source was mapped, until eebb3dabbb5c (6.7);
   * "mlocked", if it was mlocked, from then on.
   */
  readonly migrate_drain_after_move: "never" | "mapped" | "mlocked";
  /**
   * Before 5dfab109d519 (6.3): migrate_pages() runs unmap_and_move() one folio at a time (lock,
   * unmap, refcount check, move; PTEs restored on failure), 10 passes in the caller's mode, the
   * first 3 without waiting for a folio lock (force = pass > 2) (§6.4).
   */
  readonly migrate_pages_per_folio: boolean;
  /** Review alternative "eagain-to-caller": a failed migration returns -EAGAIN to the pin's caller. */
  readonly migration_failure_errno: "ENOMEM" | "EAGAIN";
  readonly hubbard_wait: HubbardWaitConfig;
  readonly tracepoints: TracepointFormat;
  /** Patches' own rules at the decision points (kernel/decisions.ts); absent: the kernel's own. */
  readonly rules?: DecisionRules;
}
