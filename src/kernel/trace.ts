// Trace events the kernel model emits (when a tracer is attached). report/ turns them into
// ftrace text and Chrome trace-event JSON; the model never formats anything itself.
// Times are virtual nanoseconds; `cpu` is the CPU the emitting task runs on.

export interface TraceTask {
  readonly pid: number;
  readonly comm: string;
}

interface Base {
  readonly t_ns: number;
  readonly cpu: number;
  readonly task: TraceTask;
}

/**
 * A change of a folio's reference count. report/ftrace prints it as the page_ref_* tracepoint the
 * kernel helper doing that change fires (page_ref_set, page_ref_mod, page_ref_mod_and_test).
 */
export interface PageRefModEvent extends Base {
  readonly type: "page_ref_mod";
  readonly folio: number;
  readonly pfn: number;
  /** Page flags as the kernel prints them, e.g. "lru|unevictable|mlocked". */
  readonly flags: string;
  /** Count after the change. */
  readonly count: number;
  /** Raw _mapcount (mapcount - 1); report/ftrace prints page_mapcount() for kernels before 6.10. */
  readonly mapcount: number;
  readonly val: number;
  /** Who the reference belongs to (pinsim's ledger; not in the kernel's format). */
  readonly holder: string;
  /** The folio's pageblock migratetype (page_alloc.ts MIGRATE_*), for the tracepoint's mt=. */
  readonly migratetype: number;
  /** folio->mapping: the page cache's (or anon vma's) id, -1 for none. */
  readonly mapping: number;
  /** The mapping is an anon_vma (PAGE_MAPPING_ANON), not a page cache. */
  readonly anon: boolean;
}

export interface LruInsertionEvent extends Base {
  readonly type: "mm_lru_insertion";
  readonly folio: number;
  readonly pfn: number;
  readonly lru: "inactive_anon" | "active_anon" | "inactive_file" | "active_file" | "unevictable";
  readonly flags: string;
  /** trace_pagemap_flags(): PAGEMAP_* bits (folio_flags.ts), what the tracepoint records. */
  readonly pagemap: number;
}

export interface MigratePagesStartEvent extends Base {
  readonly type: "mm_migrate_pages_start";
  readonly mode: "MIGRATE_ASYNC" | "MIGRATE_SYNC_LIGHT" | "MIGRATE_SYNC";
  readonly reason: "longterm_pin" | "compaction";
}

export interface MigratePagesEvent extends Base {
  readonly type: "mm_migrate_pages";
  readonly succeeded: number;
  readonly failed: number;
  readonly thp_succeeded: number;
  readonly thp_failed: number;
  readonly thp_split: number;
  readonly large_folio_split: number;
  readonly mode: MigratePagesStartEvent["mode"];
  readonly reason: MigratePagesStartEvent["reason"];
}

export interface WorkqueueEvent extends Base {
  readonly type: "workqueue_queue_work" | "workqueue_execute_start" | "workqueue_execute_end";
  /** Stable id of the work item (one per CPU for lru_add_drain_per_cpu). */
  readonly work: number;
  readonly func: string;
  readonly target_cpu: number;
}

/** The entry points a longterm pin comes through; their func_begin/func_end bracket one pin call. */
export type PinEntry = "pin_user_pages" | "pin_user_pages_fast";

export function isPinEntry(func: string): func is PinEntry {
  return func === "pin_user_pages" || func === "pin_user_pages_fast";
}

/** Entry to / exit from a modelled kernel function worth a slice (pin_user_pages, ...). */
export interface FuncEvent extends Base {
  readonly type: "func_begin" | "func_end";
  readonly func: string;
  /** Return value on func_end (errno negative), or a pass number etc. on begin. */
  readonly value: number;
}

/** A traced function's return value alone, as a kretprobe sees it: no slice, no entry event. */
export interface FuncReturnEvent extends Base {
  readonly type: "func_return";
  readonly func: string;
  readonly value: number;
}

/** A folio entered or left a per-CPU batch (for async slices and flow arrows). */
export interface BatchEvent extends Base {
  readonly type: "batch_enqueue" | "batch_release";
  readonly folio: number;
  /** "lru_add", "lru_activate", ..., "mlock". */
  readonly batch: string;
  /** The CPU whose batch it is. */
  readonly batch_cpu: number;
  /** Batch size after the change. */
  readonly size: number;
}

/** The migration refcount check of one folio (§6.6) and its outcome. */
export interface RefcountCheckEvent extends Base {
  readonly type: "refcount_check";
  readonly folio: number;
  readonly count: number;
  readonly expected: number;
  readonly ok: boolean;
  /** 1-based migration pass (1..10). */
  readonly pass: number;
}

/** One drain decision of collect_longterm_unpinnable_folios() for one folio (§3.4.1). */
export interface DrainDecisionEvent extends Base {
  readonly type: "collect_drain_decision";
  readonly folio: number;
  /** Which test the kernel applies: "lru-flag" (≤ 6.16) or "refcount" (6.17+). */
  readonly test: "lru-flag" | "refcount";
  readonly lru: boolean;
  readonly mlocked: boolean;
  readonly unevictable: boolean;
  readonly large: boolean;
  readonly count: number;
  readonly expected: number;
  /** What the refcount test adds to expected: 1, or the pin's own 1024 with the 2026 fix. */
  readonly extra_refs: number;
  /** What was done: nothing, a local lru_add_drain(), or lru_add_drain_all(). */
  readonly action: "none" | "local" | "global";
  /** Drains already done in this collect pass before this folio (0, 1 = local, 2 = global). */
  readonly drained_before: number;
  /** References of this folio held by per-CPU batches before and after the drain. */
  readonly batch_refs_before: number;
  readonly batch_refs_after: number;
}

export type TraceEvent =
  | PageRefModEvent
  | LruInsertionEvent
  | MigratePagesStartEvent
  | MigratePagesEvent
  | WorkqueueEvent
  | FuncEvent
  | FuncReturnEvent
  | BatchEvent
  | RefcountCheckEvent
  | DrainDecisionEvent;

export interface Tracer {
  emit(ev: TraceEvent): void;
}
