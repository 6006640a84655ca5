// The tracepoints, one function each, named after the kernel's (trace_mm_migrate_pages() ->
// traceMmMigratePages()), so kernel functions call them in one line as the kernel does. Each
// does nothing without a tracer. The last group are pinsim's own events (trace.ts says what
// each carries); func_begin/func_end stay Kernel.traceFunc.

import { BATCH_NAMES, type FolioBatch } from "./folio_batch.ts";
import { folioExpectedRefCount } from "./folio_expected.ts";
import { F_ANON, flagNames, PG_lru, PG_mlocked, PG_unevictable, pagemapFlags } from "./folio_flags.ts";
import { HOLDER_NAMES } from "./holders.ts";
import type { Kernel, KTask } from "./kernel.ts";
import { LRU_NAMES } from "./lru_lists.ts";
import type { DrainDecisionEvent, MigratePagesStartEvent } from "./trace.ts";
import type { WorkStruct } from "./workqueue.ts";

/** include/trace/events/page_ref.h: page_ref_mod, after `f`'s count moved by `delta`. */
export function tracePageRefMod(k: Kernel, f: number, delta: number, holder: number): void {
  if (k.tracer === null) return;
  const running = k.engine.current;
  // A put from outside any task (the engine tearing down) is charged to the idle task.
  const task = running ? (running.data as KTask) : { pid: 0, comm: "swapper" };
  k.tracer.emit({
    type: "page_ref_mod",
    t_ns: k.now_ns(),
    cpu: running ? running.cpu : 0,
    task: { pid: task.pid, comm: task.comm },
    folio: f,
    pfn: k.pfn(f),
    flags: flagNames(k.folios.flags[f]!),
    count: k.folios.refcount[f]!,
    mapcount: k.folios.mapcount[f]! - 1,
    val: delta,
    holder: HOLDER_NAMES[holder]!,
    migratetype: k.folios.migratetype[f]!,
    mapping: k.folios.mapping[f]!,
    anon: k.folios.test(f, F_ANON),
  });
}

/** include/trace/events/pagemap.h: mm_lru_insertion, `f` just added to LRU list `list`. */
export function traceMmLruInsertion(k: Kernel, f: number, list: number): void {
  if (k.tracer === null) return;
  const task = k.current();
  k.tracer.emit({
    type: "mm_lru_insertion",
    t_ns: k.now_ns(),
    cpu: task.cpu,
    task,
    folio: f,
    pfn: k.pfn(f),
    lru: LRU_NAMES[list]!,
    flags: flagNames(k.folios.flags[f]!),
    pagemap: pagemapFlags(k.folios.flags[f]!, k.folios.mapcount[f]!),
  });
}

type Mode = MigratePagesStartEvent["mode"];
type Reason = MigratePagesStartEvent["reason"];

/** include/trace/events/migrate.h: mm_migrate_pages_start. */
export function traceMmMigratePagesStart(k: Kernel, mode: Mode, reason: Reason): void {
  if (k.tracer === null) return;
  const task = k.current();
  k.tracer.emit({ type: "mm_migrate_pages_start", t_ns: k.now_ns(), cpu: task.cpu, task, mode, reason });
}

/** The counts mm_migrate_pages reports (struct migrate_pages_stats). */
export interface MigratePagesStats {
  readonly succeeded: number;
  readonly failed: number;
  readonly thp_succeeded: number;
  readonly thp_failed: number;
  readonly thp_split: number;
}

/** include/trace/events/migrate.h: mm_migrate_pages, at the end of migrate_pages(). */
export function traceMmMigratePages(k: Kernel, s: MigratePagesStats, mode: Mode, reason: Reason): void {
  if (k.tracer === null) return;
  const task = k.current();
  k.tracer.emit({
    type: "mm_migrate_pages",
    t_ns: k.now_ns(),
    cpu: task.cpu,
    task,
    succeeded: s.succeeded,
    failed: s.failed,
    thp_succeeded: s.thp_succeeded,
    thp_failed: s.thp_failed,
    thp_split: s.thp_split,
    large_folio_split: s.thp_split,
    mode,
    reason,
  });
}

/** include/trace/events/workqueue.h: workqueue_queue_work. */
export function traceWorkqueueQueueWork(k: Kernel, work: WorkStruct): void {
  traceWork(k, "workqueue_queue_work", work);
}

/** include/trace/events/workqueue.h: workqueue_execute_start. */
export function traceWorkqueueExecuteStart(k: Kernel, work: WorkStruct): void {
  traceWork(k, "workqueue_execute_start", work);
}

/** include/trace/events/workqueue.h: workqueue_execute_end. */
export function traceWorkqueueExecuteEnd(k: Kernel, work: WorkStruct): void {
  traceWork(k, "workqueue_execute_end", work);
}

function traceWork(
  k: Kernel,
  type: "workqueue_queue_work" | "workqueue_execute_start" | "workqueue_execute_end",
  work: WorkStruct,
): void {
  if (k.tracer === null) return;
  const task = k.current();
  k.tracer.emit({
    type,
    t_ns: k.now_ns(),
    cpu: task.cpu,
    task,
    work: work.id,
    func: work.funcName,
    target_cpu: work.cpu,
  });
}

/** pinsim: `f` entered a per-CPU batch (size counts it). */
export function traceBatchEnqueue(k: Kernel, f: number, batch: FolioBatch): void {
  traceBatch(k, "batch_enqueue", f, batch);
}

/** pinsim: `f` left a per-CPU batch being drained. */
export function traceBatchRelease(k: Kernel, f: number, batch: FolioBatch): void {
  traceBatch(k, "batch_release", f, batch);
}

function traceBatch(k: Kernel, type: "batch_enqueue" | "batch_release", f: number, batch: FolioBatch): void {
  if (k.tracer === null) return;
  const task = k.current();
  k.tracer.emit({
    type,
    t_ns: k.now_ns(),
    cpu: task.cpu,
    task,
    folio: f,
    batch: BATCH_NAMES[batch.kind]!,
    batch_cpu: batch.cpu,
    size: batch.nr,
  });
}

/** pinsim: the migration refcount check of `f` in pass `pass` (1..10). */
export function traceRefcountCheck(
  k: Kernel,
  f: number,
  count: number,
  expected: number,
  pass: number,
): void {
  if (k.tracer === null) return;
  const task = k.current();
  k.tracer.emit({
    type: "refcount_check",
    t_ns: k.now_ns(),
    cpu: task.cpu,
    task,
    folio: f,
    count,
    expected,
    ok: count === expected,
    pass,
  });
}

/** What one drain decision of collect_longterm_unpinnable_folios() saw and did. */
export interface DrainDecision {
  readonly extraRefs: number;
  readonly action: DrainDecisionEvent["action"];
  readonly drainedBefore: number;
  readonly batchRefsBefore: number;
  readonly batchRefsAfter: number;
}

/** pinsim: one drain decision for `f`, with the folio's state after it. */
export function traceCollectDrainDecision(k: Kernel, f: number, d: DrainDecision): void {
  if (k.tracer === null) return;
  const t = k.folios;
  const task = k.current();
  k.tracer.emit({
    type: "collect_drain_decision",
    t_ns: k.now_ns(),
    cpu: task.cpu,
    task,
    folio: f,
    test: k.config.collect_drain_test,
    lru: t.test(f, PG_lru),
    mlocked: t.test(f, PG_mlocked),
    unevictable: t.test(f, PG_unevictable),
    large: t.isLarge(f),
    count: t.refcount[f]!,
    expected: folioExpectedRefCount(k, f),
    extra_refs: d.extraRefs,
    action: d.action,
    drained_before: d.drainedBefore,
    batch_refs_before: d.batchRefsBefore,
    batch_refs_after: d.batchRefsAfter,
  });
}
