// Everything a reviewer weighs, counted per run (vmstat-like, plus pinsim's own).

export interface Counters {
  /** pin_user_pages*() calls with FOLL_LONGTERM. */
  pins_attempted: number;
  /** ... that returned an error. */
  pins_failed: number;
  /** Extra iterations of the __gup_longterm_locked loop (-EAGAIN from check_and_migrate). */
  outer_retries: number;
  drains_local: number;
  drains_global: number;
  /** Drains called by collect that released no batch reference of the folio that triggered them. */
  drains_unhelpful: number;
  /** lru_add_drain_all() calls that found another drainer had done the work (generation check). */
  drains_piggybacked: number;
  drain_work_items: number;
  /** migrate_folio_unmap/move attempts on one folio. */
  migrate_attempts: number;
  migrate_eagain: number;
  /** -EAGAIN per pass, index 0 = pass 1 (3 async + 7 sync). */
  migrate_eagain_by_pass: number[];
  migrate_succeeded: number;
  migrate_failed: number;
  migrate_split: number;
  waits: number;
  wait_timeouts: number;
  wakeups: number;
  static_key_toggles: number;
  faults: number;
  /** NR_ISOLATED_ANON + NR_ISOLATED_FILE, in pages. */
  nr_isolated_anon: number;
  nr_isolated_file: number;
  nr_foll_pin_acquired: number;
  nr_foll_pin_released: number;
  folios_freed: number;
  // /proc/vmstat's events (enum vm_event_item), in pages as the kernel counts them (vmstat.ts).
  pgmigrate_success: number;
  pgmigrate_fail: number;
  thp_migration_success: number;
  thp_migration_fail: number;
  thp_migration_split: number;
  unevictable_pgs_culled: number;
  unevictable_pgs_rescued: number;
  unevictable_pgs_mlocked: number;
  unevictable_pgs_munlocked: number;
  unevictable_pgs_cleared: number;
  unevictable_pgs_stranded: number;
}

export function newCounters(): Counters {
  return {
    pins_attempted: 0,
    pins_failed: 0,
    outer_retries: 0,
    drains_local: 0,
    drains_global: 0,
    drains_unhelpful: 0,
    drains_piggybacked: 0,
    drain_work_items: 0,
    migrate_attempts: 0,
    migrate_eagain: 0,
    migrate_eagain_by_pass: new Array<number>(10).fill(0),
    migrate_succeeded: 0,
    migrate_failed: 0,
    migrate_split: 0,
    waits: 0,
    wait_timeouts: 0,
    wakeups: 0,
    static_key_toggles: 0,
    faults: 0,
    nr_isolated_anon: 0,
    nr_isolated_file: 0,
    nr_foll_pin_acquired: 0,
    nr_foll_pin_released: 0,
    folios_freed: 0,
    pgmigrate_success: 0,
    pgmigrate_fail: 0,
    thp_migration_success: 0,
    thp_migration_fail: 0,
    thp_migration_split: 0,
    unevictable_pgs_culled: 0,
    unevictable_pgs_rescued: 0,
    unevictable_pgs_mlocked: 0,
    unevictable_pgs_munlocked: 0,
    unevictable_pgs_cleared: 0,
    unevictable_pgs_stranded: 0,
  };
}

/** A copy that shares nothing with `c` (its one array included), keys in the same order. */
export function copyCounters(c: Counters): Counters {
  return { ...c, migrate_eagain_by_pass: [...c.migrate_eagain_by_pass] };
}
