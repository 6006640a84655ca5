// One-shot calls on the region at a given time: munlock() of the whole mapping, or munmap().
// Later touches, reads and references of an unmapped region find nothing; later pins of it fail
// with -EFAULT, as they would.

import { munlock } from "../kernel/mlock.ts";
import { munmap } from "../kernel/mmap.ts";
import type { MunlockActor } from "../scenarios/scenario.ts";
import type { ActorBody } from "./actor.ts";
import { sleepUntil } from "./timing.ts";
import type { World } from "./world.ts";

export function munlockActor(w: World, a: MunlockActor): ActorBody {
  return function* (k) {
    const r = w.region(a.region);
    yield* sleepUntil(k, a.at_ns);
    if (r.vma.unmapped) return;
    if (a.kind === "munlock") yield* munlock(k, r.vma);
    else yield* munmap(k, r.vma);
  };
}
