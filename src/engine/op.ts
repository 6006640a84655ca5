// What a task yields. A plain number is the common case: "this atomic step took N virtual ns of
// CPU time and ends at a preemption point". Anything else is an Op object.

import type { WaitQueue } from "./wait_queue.ts";

export const OP_SLEEP = 1;
export const OP_WAIT = 2;
export const OP_BUSY = 3;

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

export type Op = SleepOp | WaitOp | BusyOp;
export type Yielded = number | Op;
/** A task body: generator yielding steps; `R` is what it returns. */
export type Proc<R = void> = Generator<Yielded, R, unknown>;

export function sleepOp(ns: number): SleepOp {
  return { kind: OP_SLEEP, ns };
}
export function busyOp(ns: number): BusyOp {
  return { kind: OP_BUSY, ns };
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
