// mm/khugepaged.c: the khugepaged kernel thread, as far as the pin path can see it: every scan
// begins with lru_add_drain_all() (kernel-model.md §4.9). The collapse itself is not modelled.

import type { Proc } from "../engine/op.ts";
import type { Kernel } from "./kernel.ts";
import { lruAddDrainAll } from "./swap.ts";
import { traced } from "./traced.ts";

/** khugepaged_scan_sleep_millisecs' default: the sleep between two scans, 10 s. */
export const KHUGEPAGED_SCAN_SLEEP_NS = 10_000 * 1_000_000;

/**
 * khugepaged_do_scan(): drains every CPU's LRU batches (and mlock batches) first, so that the
 * folios it is about to scan are on the LRU; then it scans up to khugepaged_pages_to_scan
 * pages, which pinsim skips (it collapses nothing).
 */
export function khugepagedDoScan(k: Kernel): Proc {
  return traced(k, "khugepaged_do_scan", lruAddDrainAll(k), () => 0);
}
