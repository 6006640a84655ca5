// mm/vmstat.c: the node counters the pin path moves. Only NR_ISOLATED_ANON / NR_ISOLATED_FILE
// are modelled, as Counters.nr_isolated_anon / nr_isolated_file (in pages). And the vm events
// (include/linux/vm_event_item.h) the migration and mlock paths count, under their /proc/vmstat
// names, so a run can be held against a real machine's vmstat deltas.

import type { Kernel } from "./kernel.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO } from "./mmdebug.ts";

/** The vm_event_item counters pinsim counts: /proc/vmstat's names, fields of Counters. */
export type VmEventItem =
  | "pgmigrate_success"
  | "pgmigrate_fail"
  | "thp_migration_success"
  | "thp_migration_fail"
  | "thp_migration_split"
  | "unevictable_pgs_culled"
  | "unevictable_pgs_rescued"
  | "unevictable_pgs_mlocked"
  | "unevictable_pgs_munlocked"
  | "unevictable_pgs_cleared"
  | "unevictable_pgs_stranded";

export const VM_EVENT_ITEMS: readonly VmEventItem[] = [
  "pgmigrate_success",
  "pgmigrate_fail",
  "thp_migration_success",
  "thp_migration_fail",
  "thp_migration_split",
  "unevictable_pgs_culled",
  "unevictable_pgs_rescued",
  "unevictable_pgs_mlocked",
  "unevictable_pgs_munlocked",
  "unevictable_pgs_cleared",
  "unevictable_pgs_stranded",
];

/** count_vm_events(): `nr` pages (or events) of `item`. */
export function countVmEvents(k: Kernel, item: VmEventItem, nr: number): void {
  VM_BUG_ON(nr < 0, "count_vm_events with a negative count");
  k.counters[item] += nr;
}

export const NR_ISOLATED_ANON = 0;
export const NR_ISOLATED_FILE = 1;

/** node_stat_mod_folio(): counter `item` (NR_ISOLATED_*) of folio `f`'s node changes by `nr` pages. */
export function nodeStatModFolio(k: Kernel, f: number, item: number, nr: number): void {
  VM_BUG_ON_FOLIO(k.folios.isFreed(f), k, f, "node_stat_mod_folio on a freed folio");
  VM_BUG_ON_FOLIO(item !== NR_ISOLATED_ANON && item !== NR_ISOLATED_FILE, k, f, "unmodelled node_stat_item");
  if (item === NR_ISOLATED_ANON) k.counters.nr_isolated_anon += nr;
  else k.counters.nr_isolated_file += nr;
}
