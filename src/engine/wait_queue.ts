// A wait queue: the tasks blocked on one thing. The engine owns the waking; this only lists.

import type { Task } from "./task.ts";

/** Footprint keys of wait queues (exploration): above every kernel key, 20 bits of label hash. */
export const QUEUE_KEY_BASE = 1 << 29;

export class WaitQueue {
  readonly waiters: Task[] = [];
  readonly label: string;
  /** Footprint key, from the label so it names the same queue in every execution. */
  readonly key: number;
  constructor(label: string) {
    this.label = label;
    this.key = QUEUE_KEY_BASE + (labelHash(label) & 0xfffff);
  }

  get length(): number {
    return this.waiters.length;
  }

  remove(task: Task): void {
    const i = this.waiters.indexOf(task);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}

/** FNV-1a over the label's UTF-16 code units. */
function labelHash(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
