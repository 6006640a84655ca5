// mm/vmscan.c: folio_isolate_lru() and folio_putback_lru() (kernel-model.md §3.4 step 6, §3.5).

import { LRU_ADD } from "./folio_batch.ts";
import { F_ISOLATED, PG_lru } from "./folio_flags.ts";
import { H_ISOLATION } from "./holders.ts";
import { batchKey, type Kernel } from "./kernel.ts";
import { VM_BUG_ON_FOLIO, VM_WARN_ON_ONCE, VM_WARN_ON_ONCE_FOLIO } from "./mmdebug.ts";
import { folioAddLru, lruvecDelFolio } from "./swap.ts";

/** folio_isolate_lru(): wins PG_lru, takes +1, leaves the lruvec list (§3.4 step 6). */
export function folioIsolateLru(k: Kernel, f: number): boolean {
  k.traceFunc("func_begin", "folio_isolate_lru");
  const t = k.folios;
  const ok = k.refcount(f) !== 0 && t.testClear(f, PG_lru);
  if (ok) {
    VM_BUG_ON_FOLIO(t.test(f, F_ISOLATED), k, f, "folio_isolate_lru won PG_lru of an isolated folio");
    k.folioGet(f, H_ISOLATION);
    if (t.lruList[f] !== 0) lruvecDelFolio(k, f);
    else removeFromLruAddBatch(k, f);
    t.set(f, F_ISOLATED);
  }
  k.traceFunc("func_end", "folio_isolate_lru", ok ? 1 : 0);
  return ok;
}

/**
 * 2026 rework (§4.8): a batched folio has PG_lru and its batch slot is recorded in lru_next, so
 * isolation takes it out of the batch directly. pinsim finds the slot by search.
 */
function removeFromLruAddBatch(k: Kernel, f: number): void {
  VM_WARN_ON_ONCE(k.config.batches_hold_refs, "PG_lru off the LRU in a kernel whose batches hold references");
  for (let cpu = 0; cpu < k.nrCpus; cpu++) {
    const batch = k.batches[cpu]![LRU_ADD]!;
    const i = batch.indexOf(f);
    if (i >= 0) {
      k.touch(batchKey(cpu, LRU_ADD), true);
      batch.removeAt(i);
      return;
    }
  }
  VM_WARN_ON_ONCE_FOLIO(true, k, f, "PG_lru set, yet on no list and in no lru_add batch");
}

/** folio_putback_lru(): back through this CPU's lru_add batch (+1 there), then drop isolation. */
export function folioPutbackLru(k: Kernel, f: number): void {
  VM_BUG_ON_FOLIO(
    !k.folios.test(f, F_ISOLATED) || k.folios.lruList[f] !== 0,
    k,
    f,
    "putback of a folio not isolated",
  );
  k.folios.clear(f, F_ISOLATED);
  folioAddLru(k, f);
  k.folioPut(f, H_ISOLATION);
}
