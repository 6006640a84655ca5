// Ordinary LRU activity on the region's folios from another CPU: mark-accessed, activate,
// deactivate, rotate. Each queues the folio in one of this CPU's best-effort batches (with a
// reference), which is what keeps other CPUs' batches non-empty and makes lru_add_drain_all()
// queue work there. "mixed" draws one of the four per operation.

import type { LruTrafficActor } from "../scenarios/scenario.ts";
import type { StepSource } from "./program/interpreter.ts";

export function* lruTrafficSteps(a: LruTrafficActor): StepSource {
  for (let i = 0; i < a.ops; i++) {
    yield { op: "sleep_until", at_ns: a.start_ns + i * a.interval_ns };
    yield { op: "lru", region: a.region, pages: { kind: "random", count: 1 }, lru_op: a.op };
  }
}
