// Every longterm pin a model's tasks make, with what the properties need: the result, the pages,
// and how many outer retries and global drains happened during it. Also which pins the model
// keeps (a pKVM guest page stays pinned) so the end-of-run check knows what may still be held.

import type { Proc } from "../../engine/op.ts";
import { pinUserPages, unpinUserPages } from "../../kernel/gup.ts";
import type { Kernel } from "../../kernel/kernel.ts";

export interface PinRecord {
  readonly task: string;
  readonly nr: number;
  readonly ret: number;
  readonly pages: readonly number[];
  readonly outerRetries: number;
  readonly globalDrains: number;
}

export class PinLog {
  readonly records: PinRecord[] = [];
  /** Pins the model holds on purpose at the end, by folio. */
  readonly kept = new Map<number, number>();

  /**
   * pin_user_pages() with accounting. Counter deltas are per pin because a model has one
   * pinning task; with several they would include the others' retries and drains.
   */
  *pin(k: Kernel, start: number, nr: number, flags: number, pages: number[]): Proc<number> {
    const retries0 = k.counters.outer_retries;
    const drains0 = k.counters.drains_global;
    const ret = yield* pinUserPages(k, start, nr, flags, pages);
    this.records.push({
      task: k.current().comm,
      nr,
      ret,
      pages: ret > 0 ? pages.slice(0, ret) : [],
      outerRetries: k.counters.outer_retries - retries0,
      globalDrains: k.counters.drains_global - drains0,
    });
    return ret;
  }

  keep(pages: readonly number[]): void {
    for (const f of pages) this.kept.set(f, (this.kept.get(f) ?? 0) + 1);
  }

  unpin(k: Kernel, pages: readonly number[]): void {
    unpinUserPages(k, pages);
  }
}
