// A folio's stay in a per-CPU batch: batch_enqueue paired with the batch_release of the same
// (folio, batch, batch CPU). Stays of different folios overlap freely, so the Chrome view draws
// them as async slices, not thread slices. Pairing is first-in first-out (a batch drains in the
// order it filled); a release with no stay open is ignored, and a stay never released is closed
// at the end of the trace.

import type { BatchEvent } from "../../kernel/trace.ts";
import type { OrderedEvent } from "../ftrace/order.ts";

export interface BatchStay {
  /** Dense index in enqueue order: the async slice id. */
  readonly index: number;
  readonly folio: number;
  readonly enqueue: OrderedEvent & { readonly ev: BatchEvent };
  readonly release: (OrderedEvent & { readonly ev: BatchEvent }) | null;
}

function stayKey(ev: BatchEvent): string {
  return `${ev.folio}/${ev.batch}/${ev.batch_cpu}`;
}

function isBatch(oe: OrderedEvent): oe is OrderedEvent & { readonly ev: BatchEvent } {
  return oe.ev.type === "batch_enqueue" || oe.ev.type === "batch_release";
}

export function pairBatchStays(ordered: readonly OrderedEvent[]): BatchStay[] {
  /** Indices of open stays per key, oldest first. */
  const open = new Map<string, number[]>();
  const stays: {
    index: number;
    folio: number;
    enqueue: BatchStay["enqueue"];
    release: BatchStay["release"];
  }[] = [];
  for (const oe of ordered) {
    if (!isBatch(oe)) continue;
    const key = stayKey(oe.ev);
    const queue = open.get(key) ?? [];
    open.set(key, queue);
    if (oe.ev.type === "batch_enqueue") {
      const index = stays.length;
      stays.push({ index, folio: oe.ev.folio, enqueue: oe, release: null });
      queue.push(index);
    } else {
      const oldest = queue.shift();
      if (oldest !== undefined) stays[oldest]!.release = oe;
    }
  }
  return stays;
}
