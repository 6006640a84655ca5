// A task: a generator that runs on one CPU. State names follow the kernel's.

import type { Proc } from "./op.ts";
import { WaitQueue } from "./wait_queue.ts";

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

/** The engine's tasks. */
export class EngineTask implements Task {
  readonly id: number;
  readonly name: string;
  cpu: number;
  readonly body: Proc<unknown>;
  readonly next: Proc<unknown>["next"];
  state: TaskState = TASK_RUNNING;
  resume: unknown = undefined;
  timerToken = 0;
  queue: WaitQueue | null = null;
  data: unknown;
  steps = 0;
  /**
   * Made when first asked for (in practice when the task exits): a run of many tasks would
   * otherwise make a queue, a label and its hash per task up front, and copy them through the
   * young generation with the task.
   */
  private exitQueue: WaitQueue | null = null;

  constructor(id: number, name: string, cpu: number, body: Proc<unknown>, data: unknown) {
    this.id = id;
    this.name = name;
    this.cpu = cpu;
    this.body = body;
    this.next = body.next;
    this.data = data;
  }

  get exited(): WaitQueue {
    this.exitQueue ??= new WaitQueue(`exit:${this.name}`);
    return this.exitQueue;
  }
}
