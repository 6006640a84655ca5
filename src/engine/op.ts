// What a task yields. A plain number is the common case: "this atomic step took N virtual ns of
// CPU time and ends at a preemption point". Anything else is an Op object.

import type { WaitQueue } from "./wait_queue.ts";

export const OP_SLEEP = 1;
export const OP_WAIT = 2;
export const OP_BUSY = 3;
export const OP_MIGRATE = 4;

/** Off-CPU for `ns` virtual nanoseconds. */
export interface SleepOp {
  readonly kind: typeof OP_SLEEP;
  readonly ns: number;
}

/** Block on `queue` until woken (resumes with true) or `timeout_ns` passes (resumes with false). */
export interface WaitOp {
  readonly kind: typeof OP_WAIT;
  readonly queue: WaitQueue;
  readonly timeout_ns: number;
}

/** An atomic step of `ns` that ends *without* a preemption point (kernel code with no cond_resched). */
export interface BusyOp {
  readonly kind: typeof OP_BUSY;
  readonly ns: number;
}

/**
 * The step ends and the task moves to CPU `cpu`'s run queue (sched_setaffinity() of itself: the
 * kernel migrates the caller before the call returns).
 */
export interface MigrateOp {
  readonly kind: typeof OP_MIGRATE;
  readonly cpu: number;
}

export type Op = SleepOp | WaitOp | BusyOp | MigrateOp;
export type Yielded = number | Op;
/** A task body: generator yielding steps; `R` is what it returns. */
export type Proc<R = void> = Generator<Yielded, R, unknown>;

export function sleepOp(ns: number): SleepOp {
  return { kind: OP_SLEEP, ns };
}
export function busyOp(ns: number): BusyOp {
  return { kind: OP_BUSY, ns };
}
export function migrateOp(cpu: number): MigrateOp {
  return { kind: OP_MIGRATE, cpu };
}
export function waitOp(queue: WaitQueue, timeout_ns = Number.POSITIVE_INFINITY): WaitOp {
  return { kind: OP_WAIT, queue, timeout_ns };
}

/** `yield* sleep(ns)` */
export function* sleep(ns: number): Proc {
  yield sleepOp(ns);
}

/** `const woken = yield* wait(q, timeout)`: true if woken, false on timeout. */
export function* wait(queue: WaitQueue, timeout_ns = Number.POSITIVE_INFINITY): Proc<boolean> {
  return (yield waitOp(queue, timeout_ns)) as boolean;
}
