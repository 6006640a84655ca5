// The kernel's own TP_printk formats for the tracepoints pinsim models, so the text reads (and
// greps) like a real trace:
//   mm_lru_insertion          include/trace/events/pagemap.h
//   mm_migrate_pages[_start]  include/trace/events/migrate.h (mode/reason via __print_symbolic)
//   workqueue_*               include/trace/events/workqueue.h
//   page_ref_*                page_ref.ts
// Fields whose layout changed between releases follow the version's TracepointFormat
// (kernel/config.ts). Values the model does not track are filled in, documented here:
//   - %p prints 16 lowercase hex digits without "0x" (an unhashed pointer, as with
//     no_hash_pointers; a stock kernel prints a 32-bit hash with leading zeros instead).
//   - folio=%p is the folio's struct page under x86-64's vmemmap: 0xffffea0000000000 + pfn * 64
//     (sizeof(struct page)), i.e. exactly pfn_to_page(pfn), consistent with pfn= beside it.
//   - work struct=%p is made up from the work item id: 0xffff888100000000 + id * 64.
//   - workqueue= is mm_percpu_wq, where lru_add_drain_all() queues its per-CPU work; that queue
//     runs the work on the CPU it was queued for, so req_cpu = cpu = target_cpu.
//   - workqueue_activate_work follows workqueue_queue_work at once: mm_percpu_wq is never at its
//     max_active limit in these scenarios, so __queue_work() activates the work immediately.

import type { TracepointFormat } from "../../kernel/config.ts";
import {
  PAGEMAP_ANONYMOUS,
  PAGEMAP_BUFFERS,
  PAGEMAP_MAPPED,
  PAGEMAP_MAPPEDDISK,
  PAGEMAP_SWAPBACKED,
  PAGEMAP_SWAPCACHE,
} from "../../kernel/folio_flags.ts";
import type { LruInsertionEvent, MigratePagesEvent, WorkqueueEvent } from "../../kernel/trace.ts";

/** The newest layouts (6.10 and later): what a trace without a kernel config uses. */
export const CURRENT_TRACEPOINTS: TracepointFormat = {
  migrate_pages_nr_split: true,
  page_ref_raw_mapcount: true,
  activate_work_function: true,
};

export interface KernelLine {
  readonly event: string;
  readonly fields: string;
}

const VMEMMAP_BASE = 0xffffea0000000000n;
const STRUCT_PAGE_BYTES = 64n;
const WORK_BASE = 0xffff888100000000n;
const WORK_STRIDE_BYTES = 64n;
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

export function pointerText(address: bigint): string {
  return address.toString(16).padStart(16, "0");
}

export function nonNegativeBig(x: number): bigint {
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

/**
 * The six characters the tracepoint prints after flags=, one per trace_pagemap_flags() bit:
 * M mapped, a anonymous (f for file), s swap cache, b swap-backed, d mapped to disk, B has
 * private data (buffers); a space where the bit is clear. Lines can therefore end in spaces.
 */
export function pagemapCode(bits: number): string {
  const on = (bit: number, c: string, off = " ") => (bits & bit ? c : off);
  return (
    on(PAGEMAP_MAPPED, "M") +
    on(PAGEMAP_ANONYMOUS, "a", "f") +
    on(PAGEMAP_SWAPCACHE, "s") +
    on(PAGEMAP_SWAPBACKED, "b") +
    on(PAGEMAP_MAPPEDDISK, "d") +
    on(PAGEMAP_BUFFERS, "B")
  );
}

export function lruInsertionLine(ev: LruInsertionEvent): KernelLine {
  return {
    event: ev.type,
    fields: `folio=${folioPointer(ev.pfn)} pfn=${pfnText(ev.pfn)} lru=${LRU_NUMBER[ev.lru]} flags=${pagemapCode(ev.pagemap)}`,
  };
}

export function migratePagesLine(ev: MigratePagesEvent, fmt: TracepointFormat): KernelLine {
  const split = fmt.migrate_pages_nr_split ? ` nr_split=${intText(ev.large_folio_split)}` : "";
  return {
    event: ev.type,
    fields:
      `nr_succeeded=${intText(ev.succeeded)} nr_failed=${intText(ev.failed)} ` +
      `nr_thp_succeeded=${intText(ev.thp_succeeded)} nr_thp_failed=${intText(ev.thp_failed)} ` +
      `nr_thp_split=${intText(ev.thp_split)}${split} mode=${ev.mode} reason=${ev.reason}`,
  };
}

/** workqueue_queue_work and the workqueue_activate_work that follows it. */
export function queueWorkLines(ev: WorkqueueEvent, fmt: TracepointFormat): KernelLine[] {
  const work = workPointer(ev.work);
  const cpu = intText(ev.target_cpu);
  // The 6.10 format string ends in a space after %ps.
  const activate = fmt.activate_work_function
    ? `work struct ${work} function=${ev.func} `
    : `work struct ${work}`;
  return [
    {
      event: "workqueue_queue_work",
      fields: `work struct=${work} function=${ev.func} workqueue=${WORKQUEUE_NAME} req_cpu=${cpu} cpu=${cpu}`,
    },
    { event: "workqueue_activate_work", fields: activate },
  ];
}

export function executeWorkLine(ev: WorkqueueEvent): KernelLine {
  return { event: ev.type, fields: `work struct ${workPointer(ev.work)}: function ${ev.func}` };
}
