// Virtual-time costs of kernel steps, in ns. Figures are order-of-magnitude estimates for a
// mid-range arm64/x86 CPU; where a figure was quoted on the list it says so. docs/cost-model.md
// lists them with sources. Scenarios may override any field (`costs:`).

export interface CostModel {
  /** Anonymous page fault incl. zeroing 4 KiB. */
  fault_anon_ns: number;
  /** shmem/memfd fault incl. page cache insertion. */
  fault_shmem_ns: number;
  /** Zeroing a 2 MiB THP / hugetlb folio on fault. */
  fault_huge_ns: number;
  /** One page-table walk + try_grab_folio in GUP. */
  gup_per_page_ns: number;
  /** Adding one folio to a per-CPU batch (local lock, folio_get). */
  batch_add_ns: number;
  /** Moving one folio from a batch onto an LRU list at drain time (lruvec lock). */
  lru_move_per_folio_ns: number;
  /** Fixed part of lru_add_drain() on one CPU. */
  local_drain_ns: number;
  /** Fixed part of lru_add_drain_all(): barrier, mutex, scanning CPUs. */
  drain_all_base_ns: number;
  /** queue_work_on() for one CPU. */
  queue_work_ns: number;
  /** Until a queued kworker starts running on an idle CPU (scheduler latency). */
  kworker_wakeup_ns: number;
  /** folio_isolate_lru(). */
  isolate_ns: number;
  /** migrate_folio_unmap(): lock, try_to_migrate, TLB flush share. */
  migrate_unmap_ns: number;
  /** Copying 4 KiB and moving the mapping in migrate_folio_move(). */
  migrate_move_per_page_ns: number;
  /** One refcount check that fails with -EAGAIN, and the loop overhead around it. */
  migrate_eagain_ns: number;
  /** static_branch_inc/dec that patches code: "a few hundred microseconds" (RFC cover letter, §7.2). */
  static_key_patch_ns: number;
  /** wake_up_var() with a waiter. */
  wakeup_ns: number;
  /** A short-term GUP (get_user_pages) of one page. */
  gup_get_ns: number;
  /** A system call's entry, exit and bookkeeping that no other cost covers (mmap, madvise, pipe read). */
  syscall_ns: number;
  /** Relative jitter applied to every step cost (0.1 = ±10%), seeded per CPU. */
  jitter: number;
}

export const DEFAULT_COSTS: Readonly<CostModel> = Object.freeze({
  fault_anon_ns: 1_500,
  fault_shmem_ns: 2_500,
  fault_huge_ns: 60_000,
  gup_per_page_ns: 150,
  batch_add_ns: 40,
  lru_move_per_folio_ns: 120,
  local_drain_ns: 300,
  drain_all_base_ns: 2_000,
  queue_work_ns: 600,
  kworker_wakeup_ns: 8_000,
  isolate_ns: 200,
  migrate_unmap_ns: 2_500,
  migrate_move_per_page_ns: 1_200,
  migrate_eagain_ns: 400,
  static_key_patch_ns: 300_000,
  wakeup_ns: 1_500,
  gup_get_ns: 250,
  syscall_ns: 1_000,
  jitter: 0.1,
});

export function costModelWith(overrides: Readonly<Record<string, number>>): CostModel {
  const c: CostModel = { ...DEFAULT_COSTS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in c)) {
      const valid = Object.keys(DEFAULT_COSTS).join(", ");
      throw new RangeError(`unknown cost "${key}"; valid: ${valid}`);
    }
    (c as unknown as Record<string, number>)[key] = value;
  }
  return c;
}
