// mm_percpu_wq and the per-CPU lru_add_drain_per_cpu work (kernel-model.md §4.6): one kworker
// task per CPU. A queued work item runs only when its CPU reaches a preemption point, which is
// what makes lru_add_drain_all() slow on a busy machine (§9).

import type { Proc } from "../engine/op.ts";
import { wait } from "../engine/op.ts";
import { WaitQueue } from "../engine/wait_queue.ts";
import { type Kernel, workKey } from "./kernel.ts";
import { lruAddDrainCpu } from "./swap.ts";

const WORK_FUNC = "lru_add_drain_per_cpu";

/** The per-CPU `lru_add_drain_work` and its kworker. */
export class DrainWork {
  readonly cpu: number;
  pending = false;
  queued = 0;
  completed = 0;
  readonly kick: WaitQueue;
  readonly done: WaitQueue;

  constructor(cpu: number) {
    this.cpu = cpu;
    this.kick = new WaitQueue(`kworker/${cpu}`);
    this.done = new WaitQueue(`flush/${cpu}`);
  }
}

export function drainWorks(k: Kernel): DrainWork[] {
  return k.workqueue as DrainWork[];
}

/** Starts kworker/N:1 on every CPU. */
export function startKworkers(k: Kernel): void {
  const works: DrainWork[] = [];
  for (let cpu = 0; cpu < k.nrCpus; cpu++) works.push(new DrainWork(cpu));
  k.workqueue = works;
  for (const w of works) {
    const task = k.newTask(`kworker/${w.cpu}:1`, w.cpu, null);
    k.engine.spawn(task.comm, w.cpu, kworker(k, w), task);
  }
}

/** queue_work_on(): false if the work is already pending (it will cover this request too). */
export function queueWorkOn(k: Kernel, cpu: number): boolean {
  const w = drainWorks(k)[cpu]!;
  k.touch(workKey(cpu), true);
  if (w.pending) return false;
  w.pending = true;
  w.queued++;
  traceWork(k, "workqueue_queue_work", w);
  k.engine.wakeOne(w.kick);
  return true;
}

/** flush_work(): wait until the work queued so far on `cpu` has run. */
export function* flushWork(k: Kernel, cpu: number): Proc {
  const w = drainWorks(k)[cpu]!;
  k.touch(workKey(cpu), false);
  const target = w.queued;
  while (workCompleted(k, w) < target) yield* wait(w.done);
}

function* kworker(k: Kernel, w: DrainWork): Proc {
  for (;;) {
    while (!workPending(k, w)) yield* wait(w.kick);
    // Scheduling latency before the kworker gets going on this CPU.
    yield k.cost(k.costs.kworker_wakeup_ns);
    k.touch(workKey(w.cpu), true);
    w.pending = false;
    traceWork(k, "workqueue_execute_start", w);
    const moved = lruAddDrainCpu(k, w.cpu); // includes mlock_drain_local()
    w.completed = w.queued;
    traceWork(k, "workqueue_execute_end", w);
    k.engine.wakeAll(w.done);
    yield k.cost(k.costs.local_drain_ns + moved * k.costs.lru_move_per_folio_ns);
  }
}

/** Reads of the work's state are recorded for the model checker's footprints. */
function workPending(k: Kernel, w: DrainWork): boolean {
  k.touch(workKey(w.cpu), false);
  return w.pending;
}

function workCompleted(k: Kernel, w: DrainWork): number {
  k.touch(workKey(w.cpu), false);
  return w.completed;
}

function traceWork(
  k: Kernel,
  type: "workqueue_queue_work" | "workqueue_execute_start" | "workqueue_execute_end",
  w: DrainWork,
): void {
  if (k.tracer === null) return;
  const task = k.current();
  k.emit({ type, t_ns: k.now_ns(), cpu: task.cpu, task, work: w.cpu, func: WORK_FUNC, target_cpu: w.cpu });
}
