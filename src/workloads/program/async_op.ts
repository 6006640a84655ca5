// Operations in flight (`async: true`): each runs in a task of its own on the caller's CPU (a
// reader thread, a GPU command) so that one blocked in migration_entry_wait() cannot delay
// another's release; `join` waits until all of a task's have finished.

import { type Proc, sleepOp, wait } from "../../engine/op.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import type { World } from "../world.ts";
import type { TaskState } from "./task_state.ts";

/** What an operation took: released `hold_ns` after it was taken. */
export interface Held {
  readonly hold_ns: number;
  readonly release: () => void;
}

/** Takes (begin), holds, releases, and pays `release_ns` for the release. */
export function* holdThenRelease(k: Kernel, begin: Proc<Held | null>, release_ns: number): Proc {
  const held = yield* begin;
  if (held === null) return;
  yield sleepOp(held.hold_ns);
  held.release();
  yield k.cost(release_ns);
}

/** Starts the operation in its own task and lets it run before the program goes on. */
export function* startAsync(w: World, ts: TaskState, op: Proc): Proc {
  const k = w.k;
  ts.inFlight++;
  w.spawn(ts.name, k.current().cpu, w.mm, function* (k: Kernel) {
    yield* op;
    if (--ts.inFlight === 0) k.engine.wakeAll(ts.allDone);
  });
  yield k.cost(0);
}

export function* join(ts: TaskState): Proc {
  while (ts.inFlight > 0) yield* wait(ts.allDone);
}
