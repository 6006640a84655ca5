// The kernel's own TP_printk formats for the tracepoints pinsim models, so the text reads (and
// greps) like a real trace:
//   page_ref_mod            include/trace/events/page_ref.h
//   mm_lru_insertion        include/trace/events/pagemap.h
//   mm_migrate_pages[_start] include/trace/events/migrate.h (mode/reason via __print_symbolic)
//   workqueue_*             include/trace/events/workqueue.h
// Values the model does not track are filled in, documented here:
//   - %p prints 16 lowercase hex digits without "0x" (how trace output shows an unhashed pointer).
//   - folio=%p is the folio's struct page address under x86-64's vmemmap: 0xffffea0000000000 +
//     pfn * 64 (sizeof(struct page)), i.e. exactly pfn_to_page(pfn); deterministic and consistent
//     with the pfn= field printed next to it.
//   - page_ref_mod mapping=%p is unknown: printed as a NULL pointer, 0000000000000000.
//   - page_ref_mod mt=%d is the pageblock migratetype: always MIGRATE_MOVABLE (1), since the pages
//     a longterm pin migrates are user pages allocated movable (pinsim does not model pageblocks).
//   - work struct=%p is synthesized from the work item id: WORK_BASE + id * 64.
//   - workqueue= is the name of the workqueue lru_add_drain_all() queues on: mm_percpu_wq; that
//     per-CPU queue runs the work on the CPU it was queued for, so req_cpu = cpu = target_cpu.
//   - flags=%s strings are printed as the model gives them (they are already in kernel style).

import type { LruInsertionEvent, TraceEvent } from "../../kernel/trace.ts";

const VMEMMAP_BASE = 0xffffea0000000000n;
const STRUCT_PAGE_BYTES = 64n;
const WORK_BASE = 0xffff888100000000n;
const WORK_STRIDE_BYTES = 64n;
const NULL_POINTER = "0000000000000000";
const MIGRATE_MOVABLE = 1;
const WORKQUEUE_NAME = "mm_percpu_wq";

/** enum lru_list (include/linux/mmzone.h) numbering. */
const LRU_NUMBER: Readonly<Record<LruInsertionEvent["lru"], number>> = {
  inactive_anon: 0,
  active_anon: 1,
  inactive_file: 2,
  active_file: 3,
  unevictable: 4,
};

/** A number as %d / %lu would print it; non-integers are truncated, garbage becomes 0. */
export function intText(x: number): string {
  return Number.isFinite(x) ? String(Math.trunc(x)) : "0";
}

function pointerText(address: bigint): string {
  return address.toString(16).padStart(16, "0");
}

function nonNegativeBig(x: number): bigint {
  return BigInt(Number.isFinite(x) && x > 0 ? Math.trunc(x) : 0);
}

export function folioPointer(pfn: number): string {
  return pointerText(VMEMMAP_BASE + nonNegativeBig(pfn) * STRUCT_PAGE_BYTES);
}

export function workPointer(work: number): string {
  return pointerText(WORK_BASE + nonNegativeBig(work) * WORK_STRIDE_BYTES);
}

export function pfnText(pfn: number): string {
  return `0x${nonNegativeBig(pfn).toString(16)}`;
}

/** The event name and field text for kernel tracepoints; null for pinsim's own events. */
export function kernelFields(ev: TraceEvent): { readonly event: string; readonly fields: string } | null {
  switch (ev.type) {
    case "page_ref_mod":
      return {
        event: ev.type,
        fields:
          `pfn=${pfnText(ev.pfn)} flags=${ev.flags} count=${intText(ev.count)} mapcount=${intText(ev.mapcount)} ` +
          `mapping=${NULL_POINTER} mt=${MIGRATE_MOVABLE} val=${intText(ev.val)}`,
      };
    case "mm_lru_insertion":
      return {
        event: ev.type,
        fields: `folio=${folioPointer(ev.pfn)} pfn=${pfnText(ev.pfn)} lru=${LRU_NUMBER[ev.lru]} flags=${ev.flags}`,
      };
    case "mm_migrate_pages_start":
      return { event: ev.type, fields: `mode=${ev.mode} reason=${ev.reason}` };
    case "mm_migrate_pages":
      return {
        event: ev.type,
        fields:
          `nr_succeeded=${intText(ev.succeeded)} nr_failed=${intText(ev.failed)} ` +
          `nr_thp_succeeded=${intText(ev.thp_succeeded)} nr_thp_failed=${intText(ev.thp_failed)} ` +
          `nr_thp_split=${intText(ev.thp_split)} nr_split=${intText(ev.large_folio_split)} ` +
          `mode=${ev.mode} reason=${ev.reason}`,
      };
    case "workqueue_queue_work":
      return {
        event: ev.type,
        fields:
          `work struct=${workPointer(ev.work)} function=${ev.func} workqueue=${WORKQUEUE_NAME} ` +
          `req_cpu=${intText(ev.target_cpu)} cpu=${intText(ev.target_cpu)}`,
      };
    case "workqueue_execute_start":
    case "workqueue_execute_end":
      return { event: ev.type, fields: `work struct ${workPointer(ev.work)}: function ${ev.func}` };
    default:
      return null;
  }
}
