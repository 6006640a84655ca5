// Ordinary LRU activity on the region's folios from another CPU: mark-accessed, activate,
// deactivate, rotate. Each queues the folio in one of this CPU's best-effort batches (with a
// reference, kernel-model.md §4.3), which is what keeps other CPUs' batches non-empty and makes
// lru_add_drain_all() queue work there. "mixed" draws one of the four per operation.

import type { Prng } from "../engine/prng.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { folioActivate, folioDeactivate, folioMarkAccessed, folioRotateReclaimable } from "../kernel/swap.ts";
import type { LruTrafficActor } from "../scenarios/scenario.ts";
import type { ActorBody } from "./actor.ts";
import { folioAt } from "./region.ts";
import { sleepUntil } from "./timing.ts";
import type { World } from "./world.ts";

type LruOp = Exclude<LruTrafficActor["op"], "mixed">;
const MIXED: readonly LruOp[] = ["mark-accessed", "activate", "deactivate", "rotate"];

export function lruTrafficActor(w: World, a: LruTrafficActor, prng: Prng): ActorBody {
  return function* (k) {
    const r = w.region(a.region);
    for (let i = 0; i < a.ops; i++) {
      yield* sleepUntil(k, a.start_ns + i * a.interval_ns);
      const op = a.op === "mixed" ? MIXED[prng.nextInt(MIXED.length)]! : a.op;
      const f = folioAt(k, r, prng.nextInt(r.nrPages));
      const moved = f < 0 ? 0 : applyOp(k, op, f);
      yield k.cost(k.costs.batch_add_ns + moved * k.costs.lru_move_per_folio_ns);
    }
  };
}

/** Returns the folios moved by an immediate batch drain (for the step's cost). */
function applyOp(k: Kernel, op: LruOp, f: number): number {
  switch (op) {
    case "mark-accessed":
      return folioMarkAccessed(k, f);
    case "activate":
      return folioActivate(k, f);
    case "deactivate":
      return folioDeactivate(k, f);
    case "rotate":
      return folioRotateReclaimable(k, f);
  }
}
