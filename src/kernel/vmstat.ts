// mm/vmstat.c: the node counters the pin path moves. Only NR_ISOLATED_ANON / NR_ISOLATED_FILE
// are modelled, as Counters.nr_isolated_anon / nr_isolated_file (in pages).

import type { Kernel } from "./kernel.ts";
import { VM_BUG_ON_FOLIO } from "./mmdebug.ts";

export const NR_ISOLATED_ANON = 0;
export const NR_ISOLATED_FILE = 1;

/** node_stat_mod_folio(): counter `item` (NR_ISOLATED_*) of folio `f`'s node changes by `nr` pages. */
export function nodeStatModFolio(k: Kernel, f: number, item: number, nr: number): void {
  VM_BUG_ON_FOLIO(k.folios.isFreed(f), k, f, "node_stat_mod_folio on a freed folio");
  VM_BUG_ON_FOLIO(item !== NR_ISOLATED_ANON && item !== NR_ISOLATED_FILE, k, f, "unmodelled node_stat_item");
  if (item === NR_ISOLATED_ANON) k.counters.nr_isolated_anon += nr;
  else k.counters.nr_isolated_file += nr;
}
