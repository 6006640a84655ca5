// mlock steps: mlock2, munlock, mlockall, munlockall; and a region's mmap-time mlock.

import type { Proc } from "../../engine/op.ts";
import { EFAULT } from "../../kernel/errno.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { handleMmFault } from "../../kernel/memory.ts";
import { mlock2, mlockall, munlock, munlockall } from "../../kernel/mlock.ts";
import type { Step } from "../../scenarios/program.ts";
import { type Region, regionAddress } from "../region.ts";
import type { World } from "../world.ts";
import type { TaskState } from "./task_state.ts";

type S<K extends Step["op"]> = Extract<Step, { op: K }>;

/**
 * mlock2(MLOCK_ONFAULT) sets VM_LOCKONFAULT and populates nothing; mlock() also faults every page
 * in (__mm_populate), from the calling task's CPU.
 */
export function* mlockRange(k: Kernel, r: Region, onfault: boolean): Proc {
  yield* mlock2(k, r.vma, onfault);
  if (onfault) return;
  for (let p = 0; p < r.nrPages; p++) yield* handleMmFault(k, r.vma, regionAddress(r, p), true);
}

/** The region's `mlock:` setting, applied right after it is mapped. */
export function* mlockRegionAtMmap(k: Kernel, r: Region): Proc {
  if (r.spec.mlock === "none") return;
  yield* mlockRange(k, r, r.spec.mlock === "onfault");
}

export function* execMlock2(w: World, _ts: TaskState, s: S<"mlock2">): Proc<number> {
  const r = w.mapped(s.region);
  if (r === null) return -EFAULT;
  yield* mlockRange(w.k, r, s.onfault);
  return 0;
}

export function* execMunlock(w: World, _ts: TaskState, s: S<"munlock">): Proc<number> {
  const r = w.mapped(s.region);
  if (r === null) return -EFAULT;
  yield* munlock(w.k, r.vma);
  return 0;
}

export function* execMlockall(w: World, _ts: TaskState, s: S<"mlockall">): Proc<number> {
  yield* mlockall(w.k, w.mm, s.current, s.future, s.onfault);
  if (!s.current || s.onfault) return 0;
  for (const r of w.regions.values()) {
    if (r.vma.unmapped) continue;
    for (let p = 0; p < r.nrPages; p++) yield* handleMmFault(w.k, r.vma, regionAddress(r, p), true);
  }
  return 0;
}

export function* execMunlockall(w: World): Proc<number> {
  yield* munlockall(w.k, w.mm);
  return 0;
}
