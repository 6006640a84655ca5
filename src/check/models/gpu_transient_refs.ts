// gpu-transient-refs, reduced (John Hubbard's RFC): N anonymous pages in ZONE_MOVABLE, faulted
// and put on the LRU during setup. A GPU on CPU 1 takes a transient reference on each mapped
// page, holds it across a 200 us sleep, and drops it; io_uring on CPU 0 registers the buffer
// (pin_user_pages FOLL_WRITE | FOLL_LONGTERM of all N pages) and unregisters it. Migration's ten
// back-to-back passes cannot outlast the hold; the RFC's wait (HZ) can. Which of the two a
// run sees depends on the time policy: see docs/model-checking.md.

import { sleepOp } from "../../engine/op.ts";
import { FOLL_LONGTERM, FOLL_WRITE } from "../../kernel/gup.ts";
import { KEY_PAGE_TABLES } from "../../kernel/kernel.ts";
import { handleMmFault } from "../../kernel/memory.ts";
import { isMigrationEntry, PTE_NONE } from "../../kernel/mm.ts";
import { mmAlloc, mmapRegion } from "../../kernel/mmap.ts";
import { lruAddDrain } from "../../kernel/swap.ts";
import type { CheckModel, ModelWorld } from "./model.ts";

const HOLD_NS = 200_000;

export const gpuTransientRefs: CheckModel = {
  name: "gpu-transient-refs",
  summary: "a GPU holds transient references on ZONE_MOVABLE pages while io_uring longterm-pins them",
  defaultKernel: "v6.18",
  size: { cpus: 2, folios: 1 },
  minSize: { cpus: 2, folios: 1 },
  maxSize: { cpus: 4, folios: 3 },
  properties: [{ kind: "every-pin-succeeds" }],
  zones: {
    dma32_pages: 0,
    normal_pages: 64,
    movable_pages: 64,
    cma_pages: 0,
    movable_alloc_order: ["movable", "normal"],
  },
  gupRetryCap: 8,
  adjust: (config) => config,
  build,
};

function build(w: ModelWorld): void {
  const k = w.kernel;
  const n = w.size.folios;
  const mm = mmAlloc(k);
  const vma = mmapRegion(k, mm, { kind: "anon", nrPages: n });
  w.setupTask("app", 0, mm, function* (k) {
    for (let i = 0; i < n; i++) yield* handleMmFault(k, vma, vma.start + i, true);
    yield* lruAddDrain(k);
  });
  w.task("gpu", 1, mm, function* (k) {
    const held: number[] = [];
    k.traceFunc("func_begin", "gpu_cumemset");
    k.touch(KEY_PAGE_TABLES, false);
    for (let i = 0; i < n; i++) {
      const pte = vma.pte[i]!;
      if (pte === PTE_NONE || isMigrationEntry(pte)) continue; // being migrated: this op skips it
      k.addTransient(pte, "cuMemset");
      held.push(pte);
    }
    yield k.cost(k.costs.gup_get_ns * n);
    yield sleepOp(HOLD_NS);
    for (const f of held) k.dropTransient(f, "cuMemset");
    k.traceFunc("func_end", "gpu_cumemset");
    yield k.cost(k.costs.gup_get_ns * n);
  });
  w.task("io_uring", 0, mm, function* (k) {
    const pages: number[] = [];
    const ret = yield* w.pins.pin(k, vma.start, n, FOLL_WRITE | FOLL_LONGTERM, pages);
    if (ret > 0) w.pins.unpin(k, pages.slice(0, ret)); // unregister the buffer
  });
}
