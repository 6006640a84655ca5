// Operations that start on a fixed schedule and each hold something for a while, overlapping
// freely: op i starts at start + i * interval, in a task of its own on the actor's CPU (a reader
// thread, a GPU command in flight), and releases what it took `hold_ns` later. Separate tasks
// matter: an op blocked in migration_entry_wait() must not delay another op's release.

import { type Proc, sleepOp, wait } from "../engine/op.ts";
import { WaitQueue } from "../engine/wait_queue.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { ActorBody } from "./actor.ts";
import { sleepUntil } from "./timing.ts";
import type { World } from "./world.ts";

export interface Held {
  readonly hold_ns: number;
  readonly release: () => void;
}

export interface OpSchedule {
  /** Name (comm) of the op tasks: the actor's. */
  readonly name: string;
  readonly cpu: number;
  readonly count: number;
  readonly start_ns: number;
  readonly interval_ns: number;
  /** Virtual time a release takes (put_page and friends). */
  readonly release_ns: number;
}

/** The actor's own task: starts every op on time, then waits for the last one to finish. */
export function* overlappingOps(w: World, s: OpSchedule, begin: (i: number) => Proc<Held | null>): Proc {
  const k = w.k;
  const allDone = new WaitQueue(`${s.name}:ops`);
  const state = { inFlight: 0 };
  for (let i = 0; i < s.count; i++) {
    yield* sleepUntil(k, s.start_ns + i * s.interval_ns);
    state.inFlight++;
    w.spawn(s.name, s.cpu, w.mm, opTask(s, i, begin, state, allDone));
    yield k.cost(0); // let the op run before the next start is considered
  }
  while (state.inFlight > 0) yield* wait(allDone);
}

function opTask(
  s: OpSchedule,
  i: number,
  begin: (i: number) => Proc<Held | null>,
  state: { inFlight: number },
  allDone: WaitQueue,
): ActorBody {
  return function* (k: Kernel) {
    const held = yield* begin(i);
    if (held !== null) {
      yield sleepOp(held.hold_ns);
      held.release();
      yield k.cost(s.release_ns);
    }
    if (--state.inFlight === 0) k.engine.wakeAll(allDone);
  };
}
