// kernel/invariants.ts's checkBatches without its per-call Maps: the checker runs it after every
// event of every execution, so it counts entries in reusable arrays indexed by folio.

import { MLOCK_BATCH } from "../kernel/folio_batch.ts";
import { H_LRU_BATCH, H_MLOCK_BATCH } from "../kernel/holders.ts";
import type { Kernel } from "../kernel/kernel.ts";

export class BatchCheck {
  private lru = new Int32Array(64);
  private mlock = new Int32Array(64);

  /** A folio in two LRU batches, or batch references that do not match entries: the message, else null. */
  check(k: Kernel): string | null {
    const n = k.folios.count;
    if (this.lru.length < n) {
      this.lru = new Int32Array(2 * n);
      this.mlock = new Int32Array(2 * n);
    }
    this.lru.fill(0, 0, n);
    this.mlock.fill(0, 0, n);
    for (const row of k.batches) {
      for (const b of row) {
        const counts = b.kind === MLOCK_BATCH ? this.mlock : this.lru;
        for (const f of b.folios) counts[f]!++;
      }
    }
    return this.verify(k, n);
  }

  private verify(k: Kernel, n: number): string | null {
    const holdsRefs = k.config.batches_hold_refs;
    for (let f = 0; f < n; f++) {
      const inLru = this.lru[f]!;
      if (inLru > 1) return `folio ${f} is in ${inLru} LRU batches at once`;
      if (!holdsRefs) continue;
      if (k.folios.held(f, H_LRU_BATCH) !== inLru)
        return `folio ${f}: ${inLru} LRU batch entries, ${k.folios.held(f, H_LRU_BATCH)} refs`;
      const inMlock = this.mlock[f]!;
      if (k.folios.held(f, H_MLOCK_BATCH) !== inMlock)
        return `folio ${f}: ${inMlock} mlock entries, ${k.folios.held(f, H_MLOCK_BATCH)} refs`;
    }
    return null;
  }
}
