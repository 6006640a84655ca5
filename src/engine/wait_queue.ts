// A wait queue: the tasks blocked on one thing. The engine owns the waking; this only lists.

import type { Task } from "./task.ts";

export class WaitQueue {
  readonly waiters: Task[] = [];
  readonly label: string;
  constructor(label: string) {
    this.label = label;
  }

  get length(): number {
    return this.waiters.length;
  }

  remove(task: Task): void {
    const i = this.waiters.indexOf(task);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}
