// kernel/workqueue.c, as far as mm needs it: one worker pool with one kworker per CPU (standing
// for mm_percpu_wq's), work items that carry their own function (INIT_WORK), queue_work_on() and
// flush_work(). A queued work item runs only when its CPU reaches a preemption point, which is
// what makes lru_add_drain_all() slow on a busy machine (kernel-model.md §4.6, §9).

import type { Proc } from "../engine/op.ts";
import { wait } from "../engine/op.ts";
import { WaitQueue } from "../engine/wait_queue.ts";
import { type Kernel, workKey } from "./kernel.ts";
import { VM_BUG_ON, VM_WARN_ON_ONCE } from "./mmdebug.ts";
import {
  traceWorkqueueExecuteEnd,
  traceWorkqueueExecuteStart,
  traceWorkqueueQueueWork,
} from "./trace_events.ts";

/**
 * A work function. It runs in one atomic step of the kworker and returns the virtual time the
 * step took, which the kworker then spends (a cost yielded inside would let the flusher see the
 * work done before it is).
 */
export type WorkFunc = (k: Kernel, work: WorkStruct) => number;

/** struct work_struct: the function to run and whether it waits to run. */
export class WorkStruct {
  /** Stable id, for traces and the model checker's state fingerprint. */
  readonly id: number;
  func: WorkFunc | null = null;
  /** The symbol the workqueue tracepoints print for `func` (%ps of work->func). */
  funcName = "";
  /** The CPU whose pool it was last queued on (what work->data records). */
  cpu = -1;
  pending = false;
  /** How often it was queued and how far the kworker got: flush_work()'s barrier, as counts. */
  queued = 0;
  completed = 0;
  readonly done: WaitQueue;

  constructor(id: number) {
    this.id = id;
    this.done = new WaitQueue(`flush/${id}`);
  }
}

/** A per-CPU worker pool: its kworker and the work queued on it, in order. */
export class WorkerPool {
  readonly cpu: number;
  readonly worklist: WorkStruct[] = [];
  readonly kick: WaitQueue;

  constructor(cpu: number) {
    this.cpu = cpu;
    this.kick = new WaitQueue(`kworker/${cpu}`);
  }
}

/** INIT_WORK(): the work item now carries `func`; only an idle work item may be (re)initialised. */
export function initWork(work: WorkStruct, func: WorkFunc, funcName: string): void {
  VM_BUG_ON(work.pending, "INIT_WORK of a pending work item");
  work.func = func;
  work.funcName = funcName;
}

/** Starts kworker/N:1 on every CPU. */
export function startKworkers(k: Kernel): void {
  VM_BUG_ON(k.workerPools.length !== 0, "kworkers started twice");
  for (let cpu = 0; cpu < k.nrCpus; cpu++) k.workerPools.push(new WorkerPool(cpu));
  for (const pool of k.workerPools) {
    const task = k.newTask(`kworker/${pool.cpu}:1`, pool.cpu, null);
    k.engine.spawn(task.comm, pool.cpu, kworker(k, pool), task);
  }
}

/**
 * queue_work_on(): false if the work is already pending (its run will cover this request too).
 * The footprint key of a CPU's pool covers the work queued on it.
 */
export function queueWorkOn(k: Kernel, cpu: number, work: WorkStruct): boolean {
  VM_BUG_ON(work.func === null, "queue_work_on of a work item without INIT_WORK");
  const pool = k.workerPools[cpu]!;
  k.touch(workKey(cpu), true);
  if (work.pending) return false;
  work.pending = true;
  work.cpu = cpu;
  work.queued++;
  pool.worklist.push(work);
  traceWorkqueueQueueWork(k, work);
  k.engine.wakeOne(pool.kick);
  return true;
}

/** flush_work(): wait until the work queued so far has run. */
export function* flushWork(k: Kernel, work: WorkStruct): Proc {
  VM_BUG_ON(work.cpu < 0, "flush_work of a work item never queued");
  k.touch(workKey(work.cpu), false);
  const target = work.queued;
  while (workCompleted(k, work) < target) yield* wait(work.done);
  VM_WARN_ON_ONCE(work.completed < target, "flush_work returned before the work ran");
}

function* kworker(k: Kernel, pool: WorkerPool): Proc {
  for (;;) {
    k.onLocalsKnown?.(0, null); // between work items a kworker keeps nothing of its own
    while (!poolHasWork(k, pool)) yield* wait(pool.kick);
    // Scheduling latency before the kworker gets going on this CPU.
    yield k.cost(k.costs.kworker_wakeup_ns);
    k.touch(workKey(pool.cpu), true);
    const work = pool.worklist.shift()!;
    VM_BUG_ON(!work.pending || work.cpu !== pool.cpu, "kworker found a work item not pending on its pool");
    work.pending = false;
    traceWorkqueueExecuteStart(k, work);
    const cost_ns = work.func!(k, work);
    work.completed = work.queued;
    traceWorkqueueExecuteEnd(k, work);
    k.engine.wakeAll(work.done);
    yield k.cost(cost_ns);
  }
}

/** Reads of the pool's and the work's state are recorded for the model checker's footprints. */
function poolHasWork(k: Kernel, pool: WorkerPool): boolean {
  k.touch(workKey(pool.cpu), false);
  return pool.worklist.length > 0;
}

function workCompleted(k: Kernel, work: WorkStruct): number {
  k.touch(workKey(work.cpu), false);
  return work.completed;
}
