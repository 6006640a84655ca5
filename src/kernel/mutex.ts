// A sleeping mutex (the drain mutex of __lru_add_drain_all).

import type { Engine } from "../engine/engine.ts";
import type { Proc } from "../engine/op.ts";
import { wait } from "../engine/op.ts";
import { WaitQueue } from "../engine/wait_queue.ts";

export class KMutex {
  owner: number | null = null;
  readonly waiters: WaitQueue;

  constructor(name: string) {
    this.waiters = new WaitQueue(`mutex:${name}`);
  }

  *lock(taskId: number): Proc {
    while (this.owner !== null) yield* wait(this.waiters);
    this.owner = taskId;
  }

  unlock(engine: Engine): void {
    this.owner = null;
    engine.wakeOne(this.waiters);
  }
}
