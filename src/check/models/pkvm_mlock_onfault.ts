// pkvm-mlock-onfault, reduced (Will Deacon's report): crosvm on CPU 0 mlock2(MLOCK_ONFAULT)s a
// memfd whose pages land in CMA and faults N of them; each fault queues the folio in CPU 0's
// lru_add and mlock batches, and a readahead-like fault adds one more page-cache folio to the
// lru_add batch. The pKVM vCPU on the last CPU pins each page with FOLL_WRITE | FOLL_LONGTERM
// and keeps the pin. The failing interleavings pin a folio that is PG_lru (its lru_add batch was
// flushed by the readahead) while CPU 0's mlock batch still holds a reference to it.
// Small machine: the batch size is 1 + readahead pages (2), so the readahead flushes the lru_add
// batch after every fault as the full 31-entry batch does every 15 faults in the scenario.

import { FOLL_LONGTERM, FOLL_WRITE } from "../../kernel/gup.ts";
import { memfdCreate } from "../../kernel/memfd.ts";
import { handleMmFault } from "../../kernel/memory.ts";
import { mlock2 } from "../../kernel/mlock.ts";
import { mmAlloc, mmapRegion } from "../../kernel/mmap.ts";
import { pageCacheRaUnbounded } from "../../kernel/readahead.ts";
import type { CheckModel, ModelWorld } from "./model.ts";

const READAHEAD_PAGES = 1;

export const pkvmMlockOnfault: CheckModel = {
  name: "pkvm-mlock-onfault",
  summary: "crosvm faults mlock2(ONFAULT) memfd pages in CMA on CPU 0; the pKVM vCPU longterm-pins each",
  defaultKernel: "v6.15",
  size: { cpus: 2, folios: 1 },
  minSize: { cpus: 2, folios: 1 },
  maxSize: { cpus: 4, folios: 3 },
  properties: [{ kind: "every-pin-succeeds" }],
  zones: {
    dma32_pages: 0,
    normal_pages: 64,
    movable_pages: 0,
    cma_pages: 16,
    movable_alloc_order: ["cma", "normal"],
  },
  gupRetryCap: 8,
  adjust: (config) => ({ ...config, batch_size: 1 + READAHEAD_PAGES }),
  build,
};

function build(w: ModelWorld): void {
  const k = w.kernel;
  const n = w.size.folios;
  const mm = mmAlloc(k);
  const guest = memfdCreate(k, "guest", n, false);
  const ra = memfdCreate(k, "readahead", n * READAHEAD_PAGES, false);
  const vma = mmapRegion(k, mm, { kind: "shmem", nrPages: n, mapping: guest, shared: true });
  w.task("crosvm", 0, mm, function* (k) {
    yield* mlock2(k, vma, true);
    for (let i = 0; i < n; i++) {
      yield* handleMmFault(k, vma, vma.start + i, true);
      yield* pageCacheRaUnbounded(k, ra, i * READAHEAD_PAGES, READAHEAD_PAGES);
    }
  });
  w.task("vcpu", w.size.cpus - 1, mm, function* (k) {
    for (let i = 0; i < n; i++) {
      const pages: number[] = [];
      const ret = yield* w.pins.pin(k, vma.start + i, 1, FOLL_WRITE | FOLL_LONGTERM, pages);
      if (ret > 0) w.pins.keep(pages.slice(0, ret));
    }
  });
}
