// A task: a generator that runs on one CPU. State names follow the kernel's.

import type { Proc } from "./op.ts";
import type { WaitQueue } from "./wait_queue.ts";

export const TASK_RUNNING = 0;
export const TASK_SLEEPING = 1; // timed sleep
export const TASK_WAITING = 2; // on a wait queue, maybe with a timeout
export const TASK_DEAD = 3;

export type TaskState = typeof TASK_RUNNING | typeof TASK_SLEEPING | typeof TASK_WAITING | typeof TASK_DEAD;

export interface Task {
  readonly id: number;
  readonly name: string;
  /** The CPU this task is bound to (actors and kworkers are per-CPU here; MigrateOp moves it). */
  cpu: number;
  readonly body: Proc<unknown>;
  /**
   * body.next, read once at spawn and called on body: the same function for every generator, so
   * the call site stays monomorphic, where a `body.next` load each step sees one object shape per
   * generator function (megamorphic in a kernel run, about 6 ns a step).
   */
  readonly next: Proc<unknown>["next"];
  state: TaskState;
  /** Value handed to the generator on its next resume (wait result). */
  resume: unknown;
  /** Bumped whenever a pending timer must be ignored (the task woke some other way). */
  timerToken: number;
  queue: WaitQueue | null;
  /** Woken when the task exits, for join. */
  readonly exited: WaitQueue;
  /** Owner-defined per-task data (the kernel's `current`, for example). */
  data: unknown;
  steps: number;
}
