// Memory steps: mmap, munmap, madvise, pwrite, fallocate, read.

import type { Proc } from "../../engine/op.ts";
import { EFAULT } from "../../kernel/errno.ts";
import { KEY_PAGE_TABLES } from "../../kernel/kernel.ts";
import { madviseCold, madviseHugepage, madvisePageout } from "../../kernel/madvise.ts";
import { fileEnsureSize, memfdCreate } from "../../kernel/memfd.ts";
import { handleMmFault } from "../../kernel/memory.ts";
import { VM_LOCKED, VM_LOCKONFAULT } from "../../kernel/mm.ts";
import { munmap } from "../../kernel/mmap.ts";
import { pageCacheRaUnbounded } from "../../kernel/readahead.ts";
import { shmemWritePages } from "../../kernel/shmem.ts";
import type { Step } from "../../scenarios/program.ts";
import type { World } from "../world.ts";
import { mlockRegionAtMmap } from "./exec_mlock.ts";
import { selectPages } from "./pages.ts";
import type { TaskState } from "./task_state.ts";

type S<K extends Step["op"]> = Extract<Step, { op: K }>;

/** mmap(): maps the region, then applies its mmap-time mlock (and mm->def_flags populate). */
export function* execMmap(w: World, _ts: TaskState, s: S<"mmap">): Proc<number> {
  const k = w.k;
  k.touch(KEY_PAGE_TABLES, true);
  const r = w.mapNow(s.region);
  yield k.cost(k.costs.syscall_ns);
  yield* mlockRegionAtMmap(k, r);
  // Born locked by mlockall(MCL_FUTURE): mmap populates unless MCL_ONFAULT.
  const f = r.vma.flags;
  if (f & VM_LOCKED && !(f & VM_LOCKONFAULT) && r.spec.mlock === "none") {
    for (let p = 0; p < r.nrPages; p++) yield* handleMmFault(k, r.vma, r.vma.start + p, true);
  }
  return 0;
}

export function* execMunmap(w: World, _ts: TaskState, s: S<"munmap">): Proc<number> {
  const r = w.mapped(s.region);
  if (r === null) return -EFAULT;
  yield* munmap(w.k, r.vma);
  return 0;
}

export function* execMadvise(w: World, ts: TaskState, s: S<"madvise">): Proc<number> {
  const r = w.mapped(s.region);
  if (r === null) return -EFAULT;
  const { first, count } = selectPages(ts, r.nrPages, s.pages);
  switch (s.advice) {
    case "hugepage":
    case "nohugepage":
      return yield* madviseHugepage(w.k, r.vma, s.advice === "hugepage");
    case "cold":
      return yield* madviseCold(w.k, r.vma, first, count);
    case "pageout":
      return yield* madvisePageout(w.k, r.vma, first, count);
  }
}

/** pwrite / fallocate into a memfd region's file, mapped or not (created on first use). */
export function* execShmemWrite(w: World, ts: TaskState, s: S<"pwrite"> | S<"fallocate">): Proc<number> {
  const k = w.k;
  let space = w.memfds.get(s.region);
  if (space === undefined) {
    const spec = w.scenario.regions.find((x) => x.name === s.region)!;
    space = memfdCreate(k, spec.name, spec.size_bytes / 4096, spec.kind === "hugetlb-memfd");
    w.memfds.set(s.region, space);
  }
  const { first, count } = selectPages(ts, space.pages.length, s.pages);
  return yield* shmemWritePages(k, space, first, count);
}

/** A buffered read of `file`: readahead of this task's next `pages` pages into the page cache. */
export function* execRead(w: World, ts: TaskState, s: S<"read">): Proc<number> {
  const k = w.k;
  let file = w.files.get(s.file);
  if (file === undefined) {
    file = { space: memfdCreate(k, s.file, s.pages, false) };
    w.files.set(s.file, file);
  }
  const next = ts.fileOffsets.get(s.file) ?? 0;
  fileEnsureSize(file.space, next + s.pages);
  yield pageCacheRaUnbounded(k, file.space, next, s.pages);
  ts.fileOffsets.set(s.file, next + s.pages);
  return s.pages;
}
