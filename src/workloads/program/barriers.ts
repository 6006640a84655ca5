// Barriers between tasks: `wait_for: crosvm.faulted` blocks until task crosvm has finished its
// step labelled "faulted" (once is enough; later completions change nothing). The wait queue's
// label names the barrier, so the model checker sees the same queue in every execution.

import type { Proc } from "../../engine/op.ts";
import { wait } from "../../engine/op.ts";
import { WaitQueue } from "../../engine/wait_queue.ts";
import type { Kernel } from "../../kernel/kernel.ts";

interface Barrier {
  reached: boolean;
  readonly queue: WaitQueue;
}

export class Barriers {
  private readonly byName = new Map<string, Barrier>();

  private get(task: string, label: string): Barrier {
    const key = `${task}.${label}`;
    let b = this.byName.get(key);
    if (b === undefined) {
      b = { reached: false, queue: new WaitQueue(`barrier:${key}`) };
      this.byName.set(key, b);
    }
    return b;
  }

  /** Task `task` finished its step labelled `label`. */
  reach(k: Kernel, task: string, label: string): void {
    const b = this.get(task, label);
    // The flag is shared state between the tasks: the model checker must see it.
    k.engine.access(b.queue.key, true);
    if (b.reached) return;
    b.reached = true;
    k.engine.wakeAll(b.queue);
  }

  *waitFor(k: Kernel, task: string, label: string): Proc {
    const b = this.get(task, label);
    k.engine.access(b.queue.key, false);
    while (!b.reached) yield* wait(b.queue);
  }

  /** "task.label" of every barrier reached, in the order first used (the checker's state hash). */
  reachedNames(): string[] {
    return [...this.byName].filter(([, b]) => b.reached).map(([name]) => name);
  }

  reached(task: string, label: string): boolean {
    return this.byName.get(`${task}.${label}`)?.reached === true;
  }
}
