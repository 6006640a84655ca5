// fast-check generators of trace event sequences for the report tests (ftrace.test.ts and
// chrome_trace.test.ts). Three shapes:
//   - arbAnyEvents: every event kind, fields and times at random (times unsorted, ties common);
//   - arbFrameSoup: begin/end events in any order, matched or not, several tasks sharing CPUs,
//     i.e. ill-formed input the formatters must still balance;
//   - arbWellFormedFrames: per task, properly nested begin/end pairs, tasks overlapping in time.
// Small pools of names, pids and CPUs make collisions (same function, same CPU, same time) likely.

import fc from "fast-check";
import type { TraceEvent, TraceTask } from "../../src/kernel/trace.ts";

const TASKS: readonly TraceTask[] = [
  { pid: 100, comm: "crosvm_vcpu0" },
  { pid: 101, comm: "kworker/3:1" },
  { pid: 200, comm: "a_task_name_longer_than_fifteen" },
  { pid: 7, comm: "" },
];
const FUNCS = [
  "pin_user_pages",
  "pin_user_pages_fast",
  "migrate_pages",
  "lru_add_drain",
  "lru_add_drain_all",
  "collect_longterm",
];
const HOLDERS = ["pagecache", "mapping", "pin", "isolation", "transient", "gup-get", "batch"];
const BATCHES = ["lru_add", "mlock", "lru_activate"];
const MAX_CPU = 3;
const MAX_T_NS = 5_000_000_000;

const arbTask = fc.constantFrom(...TASKS);
const arbCpu = fc.integer({ min: 0, max: MAX_CPU });
const arbT = fc.integer({ min: 0, max: MAX_T_NS });
const arbFolio = fc.integer({ min: 0, max: 4 });
const arbSmall = fc.integer({ min: -1100, max: 1100 });
const arbBase = fc.record({ t_ns: arbT, cpu: arbCpu, task: arbTask });

const arbFuncEvent = fc.record({
  base: arbBase,
  begin: fc.boolean(),
  func: fc.constantFrom(...FUNCS),
  value: arbSmall,
});

const arbWorkEvent = fc.record({
  base: arbBase,
  type: fc.constantFrom("workqueue_queue_work", "workqueue_execute_start", "workqueue_execute_end" as const),
  work: fc.integer({ min: 0, max: 3 }),
  target_cpu: arbCpu,
});

function funcEvent(f: { base: Base; begin: boolean; func: string; value: number }): TraceEvent {
  return { ...f.base, type: f.begin ? "func_begin" : "func_end", func: f.func, value: f.value };
}

function workEvent(w: { base: Base; type: WorkType; work: number; target_cpu: number }): TraceEvent {
  return { ...w.base, type: w.type, work: w.work, func: "lru_add_drain_per_cpu", target_cpu: w.target_cpu };
}

type Base = { t_ns: number; cpu: number; task: TraceTask };
type WorkType = "workqueue_queue_work" | "workqueue_execute_start" | "workqueue_execute_end";

const arbPointEvent: fc.Arbitrary<TraceEvent> = fc.oneof(
  fc
    .record({
      base: arbBase,
      folio: arbFolio,
      count: arbSmall,
      mapcount: arbSmall,
      val: arbSmall,
      migratetype: fc.integer({ min: 0, max: 2 }),
      mapping: fc.integer({ min: -1, max: 3 }),
      anon: fc.boolean(),
      swapcache: fc.boolean(),
    })
    .chain((r) =>
      fc.constantFrom(...HOLDERS).map(
        (holder): TraceEvent => ({
          ...r.base,
          type: "page_ref_mod",
          folio: r.folio,
          pfn: 0x1000 + r.folio,
          flags: r.swapcache ? "uptodate|lru|swapcache" : "uptodate|lru",
          count: r.count,
          mapcount: r.mapcount,
          val: r.val,
          holder,
          migratetype: r.migratetype,
          mapping: r.mapping,
          anon: r.anon,
        }),
      ),
    ),
  fc
    .record({
      base: arbBase,
      folio: arbFolio,
      lru: fc.constantFrom(
        "inactive_anon",
        "active_anon",
        "inactive_file",
        "active_file",
        "unevictable" as const,
      ),
      pagemap: fc.integer({ min: 0, max: 0x7f }),
    })
    .map(
      (r): TraceEvent => ({
        ...r.base,
        type: "mm_lru_insertion",
        folio: r.folio,
        pfn: 0x1000 + r.folio,
        lru: r.lru,
        flags: "uptodate|lru",
        pagemap: r.pagemap,
      }),
    ),
  fc
    .record({
      base: arbBase,
      func: fc.constantFrom("__gup_longterm_locked", "lru_add_drain"),
      value: arbSmall,
    })
    .map((r): TraceEvent => ({ ...r.base, type: "func_return", func: r.func, value: r.value })),
  arbBase.map(
    (b): TraceEvent => ({
      ...b,
      type: "mm_migrate_pages_start",
      mode: "MIGRATE_SYNC",
      reason: "longterm_pin",
    }),
  ),
  fc.record({ base: arbBase, failed: fc.nat(10) }).map(
    (r): TraceEvent => ({
      ...r.base,
      type: "mm_migrate_pages",
      succeeded: 0,
      failed: r.failed,
      thp_succeeded: 0,
      thp_failed: 0,
      thp_split: 0,
      large_folio_split: 0,
      mode: "MIGRATE_SYNC",
      reason: "longterm_pin",
    }),
  ),
  fc
    .record({
      base: arbBase,
      enqueue: fc.boolean(),
      folio: arbFolio,
      batch: fc.constantFrom(...BATCHES),
      batch_cpu: arbCpu,
      size: fc.nat(15),
    })
    .map(
      (r): TraceEvent => ({
        ...r.base,
        type: r.enqueue ? "batch_enqueue" : "batch_release",
        folio: r.folio,
        batch: r.batch,
        batch_cpu: r.batch_cpu,
        size: r.size,
      }),
    ),
  fc
    .record({
      base: arbBase,
      folio: arbFolio,
      count: fc.nat(4),
      ok: fc.boolean(),
      pass: fc.integer({ min: 1, max: 10 }),
    })
    .map(
      (r): TraceEvent => ({
        ...r.base,
        type: "refcount_check",
        folio: r.folio,
        count: r.count,
        expected: 2,
        ok: r.ok,
        pass: r.pass,
      }),
    ),
);

export const arbAnyEvents: fc.Arbitrary<TraceEvent[]> = fc.array(
  fc.oneof(arbPointEvent, arbFuncEvent.map(funcEvent), arbWorkEvent.map(workEvent)),
  { maxLength: 60 },
);

export const arbFrameSoup: fc.Arbitrary<TraceEvent[]> = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: arbFuncEvent.map(funcEvent) },
    { weight: 1, arbitrary: arbWorkEvent.map(workEvent) },
  ),
  { maxLength: 80 },
);

/** One task's properly nested frames: true opens a frame, false closes the innermost one. */
function nestedFrames(
  task: TraceTask,
  cpu: number,
  start_ns: number,
  step_ns: number,
  ops: readonly boolean[],
): TraceEvent[] {
  const events: TraceEvent[] = [];
  const stack: string[] = [];
  let t_ns = start_ns;
  const emit = (type: "func_begin" | "func_end", func: string) => {
    events.push({ type, t_ns, cpu, task, func, value: 0 });
    t_ns += step_ns;
  };
  ops.forEach((open, i) => {
    if (open || stack.length === 0) {
      const func = FUNCS[i % FUNCS.length]!;
      stack.push(func);
      emit("func_begin", func);
    } else {
      emit("func_end", stack.pop()!);
    }
  });
  while (stack.length > 0) emit("func_end", stack.pop()!);
  return events;
}

export const arbWellFormedFrames: fc.Arbitrary<TraceEvent[]> = fc
  .array(
    fc.record({
      task: arbTask,
      cpu: arbCpu,
      start_ns: fc.integer({ min: 0, max: 10_000 }),
      step_ns: fc.integer({ min: 0, max: 3_000 }),
      ops: fc.array(fc.boolean(), { maxLength: 20 }),
    }),
    { maxLength: 4 },
  )
  .map((tasks) => {
    // One schedule per pid: two schedules of the same task would interleave into one stack.
    const seen = new Set<number>();
    return tasks
      .filter((t) => !seen.has(t.task.pid) && seen.add(t.task.pid))
      .flatMap((t) => nestedFrames(t.task, t.cpu, t.start_ns, t.step_ns, t.ops));
  });
