// What one program task keeps between its steps: its pins and io_uring buffers by name, its
// operations in flight, and counters that number its calls the way reports name them
// ("stage-2 fault 3", "registration 0", "read 17").

import { WaitQueue } from "../../engine/wait_queue.ts";
import type { Draws } from "./draws.ts";

export interface HeldPages {
  readonly label: string;
  readonly folios: readonly number[];
}

export class TaskState {
  readonly name: string;
  readonly draws: Draws;
  readonly pinSets = new Map<string, HeldPages[]>();
  readonly rings = new Map<string, HeldPages>();
  /** Operations started with `async: true` that have not finished. */
  inFlight = 0;
  readonly allDone: WaitQueue;
  /** The n-th longterm pin call (PinRecord.seq), the n-th io_uring registration, hold, read. */
  pinCalls = 0;
  registrations = 0;
  holdOps = 0;
  gupOps = 0;
  /** Where this task's next read of each file starts (its own open file description). */
  readonly fileOffsets = new Map<string, number>();

  constructor(name: string, draws: Draws) {
    this.name = name;
    this.draws = draws;
    this.allDone = new WaitQueue(`${name}:ops`);
  }
}
