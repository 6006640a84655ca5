// Which step took the reference a failed migration check trips over. The rule, for each
// refcount_check with ok=false of folio F, looking only at events before the check:
//   1. the most recent batch_enqueue of F whose stay (chrome_batches.ts) is still open, i.e. a
//      per-CPU batch still holds F's reference; else
//   2. the most recent page_ref_mod of F with val > 0 and holder "transient" or "gup-get" (a
//      short-lived reference another path holds); else
//   3. no arrow: the extra reference is not explained by anything traced.
// The pin, isolation, mapping and page cache references are the ones migration expects (or
// removes itself), so they never explain a failure.

import type { RefcountCheckEvent } from "../../kernel/trace.ts";
import type { OrderedEvent } from "../ftrace/order.ts";
import type { BatchStay } from "./batches.ts";

export const EXTRA_REF_HOLDERS: ReadonlySet<string> = new Set(["transient", "gup-get"]);

export interface FlowLink {
  /** Dense index in check order: the flow id. */
  readonly index: number;
  readonly source: OrderedEvent;
  readonly target: OrderedEvent & { readonly ev: RefcountCheckEvent };
}

export function findFlowLinks(ordered: readonly OrderedEvent[], stays: readonly BatchStay[]): FlowLink[] {
  const stayByEnqueue = new Map(stays.map((s) => [s.enqueue.seq, s]));
  const stayByRelease = new Map(
    stays.flatMap((s) => (s.release === null ? [] : [[s.release.seq, s] as const])),
  );
  const openStays = new Map<number, BatchStay[]>();
  const lastExtraRef = new Map<number, OrderedEvent>();
  const links: FlowLink[] = [];
  for (const oe of ordered) {
    const ev = oe.ev;
    const entering = stayByEnqueue.get(oe.seq);
    if (entering !== undefined)
      openStays.set(entering.folio, [...(openStays.get(entering.folio) ?? []), entering]);
    const leaving = stayByRelease.get(oe.seq);
    if (leaving !== undefined) {
      openStays.set(
        leaving.folio,
        (openStays.get(leaving.folio) ?? []).filter((s) => s !== leaving),
      );
    }
    if (ev.type === "page_ref_mod" && ev.val > 0 && EXTRA_REF_HOLDERS.has(ev.holder))
      lastExtraRef.set(ev.folio, oe);
    if (ev.type !== "refcount_check" || ev.ok) continue;
    const source = openStays.get(ev.folio)?.at(-1)?.enqueue ?? lastExtraRef.get(ev.folio);
    if (source !== undefined) links.push({ index: links.length, source, target: { ...oe, ev } });
  }
  return links;
}
