// page_ref_* lines (include/trace/events/page_ref.h). The model records each change of a folio's
// reference count; the kernel helper that makes such a change fires one of these tracepoints:
//   - set_page_count() at allocation (count from 0)        page_ref_set          val=count
//   - folio_get() / folio_ref_add()                         page_ref_mod          val=+n
//   - folio_put() / folio_put_refs() / folio_ref_sub_and_test()
//                                                           page_ref_mod_and_test val=-n ret=(count==0)
//   - folio_ref_freeze() in __folio_migrate_mapping(), for folios with a mapping (page cache or
//     swap cache): page_ref_freeze val=expected ret=1 with count 0, or ret=0 with the count it
//     found; anonymous folios without one are compared, not frozen, and print nothing;
//   - folio_ref_unfreeze() after a successful freeze           page_ref_unfreeze     val=count
// The model takes a pin's 1024 references in one step, where GUP's fast path prints
// page_ref_mod_unless val=1 then page_ref_mod val=1023; page_ref_mod_and_return and
// page_ref_mod_unless have no call site on the modelled paths.
// pinsim's ledger hands a reference from the allocating caller to its owner (a page-table
// mapping, say) as a get and a put; the kernel transfers it without touching the count, so such a
// pair prints no page_ref line (handovers()).
// Fields: flags=%s are the page flags by name; mapcount=%d is page_mapcount() before 6.10 and the
// raw _mapcount (-1 when unmapped) after; mapping=%p is NULL, or a made-up but stable pointer per
// page cache (0xffff888102000000 + id * 1024) or anon_vma (0xffff888103000000 + id * 128, with
// PAGE_MAPPING_ANON set); mt=%d is the pageblock's enum migratetype (MIGRATE_MOVABLE 1,
// MIGRATE_CMA 4, MIGRATE_ISOLATE 5).

import type { TracepointFormat } from "../../kernel/config.ts";
import { MIGRATE_CMA, MIGRATE_ISOLATE, MIGRATE_MOVABLE } from "../../kernel/page_alloc.ts";
import type { PageRefModEvent, RefcountCheckEvent } from "../../kernel/trace.ts";
import { intText, type KernelLine, nonNegativeBig, pfnText, pointerText } from "./fields.ts";
import type { OrderedEvent } from "./order.ts";

const NULL_POINTER = "0000000000000000";
const ADDRESS_SPACE_BASE = 0xffff888102000000n;
const ADDRESS_SPACE_STRIDE = 1024n;
const ANON_VMA_BASE = 0xffff888103000000n;
const ANON_VMA_STRIDE = 128n;
const PAGE_MAPPING_ANON = 1n;

/** enum migratetype numbering (include/linux/mmzone.h, CONFIG_CMA and CONFIG_MEMORY_ISOLATION on). */
const KERNEL_MIGRATETYPE: Readonly<Record<number, number>> = {
  [MIGRATE_MOVABLE]: 1,
  [MIGRATE_CMA]: 4,
  [MIGRATE_ISOLATE]: 5,
};

export function mappingPointer(mapping: number, anon: boolean): string {
  if (!Number.isFinite(mapping) || mapping < 0) return NULL_POINTER;
  const id = nonNegativeBig(mapping);
  if (anon) return pointerText(ANON_VMA_BASE + id * ANON_VMA_STRIDE + PAGE_MAPPING_ANON);
  return pointerText(ADDRESS_SPACE_BASE + id * ADDRESS_SPACE_STRIDE);
}

export function kernelMigratetype(mt: number): number {
  return KERNEL_MIGRATETYPE[mt] ?? KERNEL_MIGRATETYPE[MIGRATE_MOVABLE]!;
}

/** Which tracepoint a reference change fires, and its ret= (null for the templates without one). */
export function pageRefTracepoint(ev: PageRefModEvent): {
  readonly event: string;
  readonly ret: number | null;
} {
  if (ev.val > 0 && ev.count === ev.val) return { event: "page_ref_set", ret: null };
  if (ev.val < 0) return { event: "page_ref_mod_and_test", ret: ev.count === 0 ? 1 : 0 };
  return { event: "page_ref_mod", ret: null };
}

function refFields(
  state: PageRefModEvent,
  count: number,
  val: number,
  ret: number | null,
  fmt: TracepointFormat,
): string {
  const mapcount = fmt.page_ref_raw_mapcount ? state.mapcount : state.mapcount + 1;
  const tail = ret === null ? "" : ` ret=${ret}`;
  return (
    `pfn=${pfnText(state.pfn)} flags=${state.flags} count=${intText(count)} mapcount=${intText(mapcount)} ` +
    `mapping=${mappingPointer(state.mapping, state.anon)} mt=${kernelMigratetype(state.migratetype)} val=${intText(val)}${tail}`
  );
}

export function pageRefLine(ev: PageRefModEvent, fmt: TracepointFormat): KernelLine {
  const { event, ret } = pageRefTracepoint(ev);
  return { event, fields: refFields(ev, ev.count, ev.val, ret, fmt) };
}

/** Whether migration freezes this folio's count: it has a page cache or swap cache mapping. */
function frozenByMigration(state: PageRefModEvent): boolean {
  return (!state.anon && state.mapping >= 0) || state.flags.split("|").includes("swapcache");
}

/**
 * The freeze (and, when it succeeds, the unfreeze) a refcount check stands for, with the folio's
 * state taken from its last reference event. The unfreeze restores the model's count, so the
 * page_ref lines that follow continue from it.
 */
export function freezeLines(
  check: RefcountCheckEvent,
  state: PageRefModEvent | undefined,
  fmt: TracepointFormat,
): KernelLine[] {
  if (state === undefined || !frozenByMigration(state)) return [];
  const freeze: KernelLine = {
    event: "page_ref_freeze",
    fields: refFields(state, check.ok ? 0 : check.count, check.expected, check.ok ? 1 : 0, fmt),
  };
  if (!check.ok) return [freeze];
  return [
    freeze,
    { event: "page_ref_unfreeze", fields: refFields(state, check.count, check.count, null, fmt) },
  ];
}

/**
 * seq of the reference events that are ledger handovers: a get of n by some holder followed, as
 * the folio's next reference event, at the same instant and by the same task, by the allocating
 * caller's put of n.
 */
export function handovers(ordered: readonly OrderedEvent[]): Set<number> {
  const last = new Map<number, OrderedEvent & { readonly ev: PageRefModEvent }>();
  const folded = new Set<number>();
  for (const oe of ordered) {
    const ev = oe.ev;
    if (ev.type !== "page_ref_mod") continue;
    const prev = last.get(ev.folio);
    last.set(ev.folio, { ...oe, ev });
    if (prev === undefined || folded.has(prev.seq)) continue;
    const isHandover =
      ev.holder === "alloc" &&
      ev.val < 0 &&
      prev.ev.holder !== "alloc" &&
      prev.ev.val === -ev.val &&
      prev.t_ns === oe.t_ns &&
      prev.ev.task.pid === ev.task.pid;
    if (isHandover) {
      folded.add(prev.seq);
      folded.add(oe.seq);
    }
  }
  return folded;
}
