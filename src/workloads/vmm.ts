// A crosvm-like VMM: maps the region (the guest's memory), mlocks it the way the region asks, and
// touches its pages from its CPU. Each touch is a user write fault; with readahead_pages > 0 a
// readahead-like fault on a separate file then adds that many new page-cache folios to this CPU's
// lru_add batch — in Will Deacon's report it was such traffic that drained the lru_add batch and
// set PG_lru on a guest folio still parked in the mlock batch (kernel-model.md §5.4).

import type { Proc } from "../engine/op.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { handleMmFault, pageCacheReadahead } from "../kernel/memory.ts";
import type { AddressSpace } from "../kernel/mm.ts";
import { memfdCreate, mlock2 } from "../kernel/mmap.ts";
import type { VmmActor } from "../scenarios/scenario.ts";
import type { ActorBody } from "./actor.ts";
import { PageOrder } from "./page_order.ts";
import { type Region, regionAddress } from "./region.ts";
import { sleepUntil } from "./timing.ts";
import type { World } from "./world.ts";

export function vmmActor(w: World, a: VmmActor, setsUpRegion: boolean): ActorBody {
  return function* (k) {
    const r = w.region(a.region);
    const ra =
      a.readahead_pages > 0
        ? memfdCreate(k, `${a.name}-readahead`, a.touches * a.readahead_pages, false)
        : null;
    const order = new PageOrder(k.engine, r.nrPages, a.pattern === "random", `${a.name} touch`);
    yield* sleepUntil(k, a.start_ns);
    if (setsUpRegion) yield* mlockRegion(k, r);
    for (let i = 0; i < a.touches && !r.vma.unmapped; i++) {
      yield* sleepUntil(k, a.start_ns + i * a.interval_ns);
      yield* handleMmFault(k, r.vma, regionAddress(r, order.next()), true);
      if (ra !== null) yield* readahead(k, ra, i, a.readahead_pages);
    }
  };
}

/**
 * What mmap-time locking asks for: mlock2(MLOCK_ONFAULT) sets VM_LOCKONFAULT and populates
 * nothing; mlock() also faults every page in (__mm_populate), from the locking task's CPU.
 */
export function* mlockRegion(k: Kernel, r: Region): Proc {
  if (r.spec.mlock === "none") return;
  yield* mlock2(k, r.vma, r.spec.mlock === "onfault");
  if (r.spec.mlock === "onfault") return;
  for (let p = 0; p < r.nrPages; p++) yield* handleMmFault(k, r.vma, regionAddress(r, p), true);
}

function* readahead(k: Kernel, ra: AddressSpace, i: number, n: number): Proc {
  yield* pageCacheReadahead(k, ra, i * n, n);
}
