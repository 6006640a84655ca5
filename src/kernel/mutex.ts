// A sleeping mutex (the drain mutex of __lru_add_drain_all).

import type { Engine } from "../engine/engine.ts";
import type { Proc } from "../engine/op.ts";
import { wait } from "../engine/op.ts";
import { WaitQueue } from "../engine/wait_queue.ts";
import { VM_BUG_ON } from "./mmdebug.ts";

export class KMutex {
  owner: number | null = null;
  readonly waiters: WaitQueue;

  constructor(name: string) {
    this.waiters = new WaitQueue(`mutex:${name}`);
  }

  /** `touch` records each read of the owner (the model checker's footprint of the attempt). */
  *lock(taskId: number, touch: () => void): Proc {
    VM_BUG_ON(this.owner === taskId, "mutex_lock of a mutex its task holds");
    touch();
    while (this.owner !== null) {
      yield* wait(this.waiters);
      touch();
    }
    this.owner = taskId;
  }

  unlock(engine: Engine): void {
    VM_BUG_ON(this.owner === null, "mutex_unlock of an unlocked mutex");
    this.owner = null;
    engine.wakeOne(this.waiters);
  }
}
