// pin-1m: pin a 4 GiB memfd (1M small folios) that user faults placed in ZONE_MOVABLE, with
// pin_user_pages(FOLL_LONGTERM): every folio is collected, isolated and migrated, then re-pinned.

import { FolioTable } from "../src/kernel/folio_table.ts";
import { FOLL_LONGTERM, FOLL_WRITE, pinUserPages } from "../src/kernel/gup.ts";
import { memfdCreate } from "../src/kernel/memfd.ts";
import { handleMmFault } from "../src/kernel/memory.ts";
import { mmAlloc, mmapRegion } from "../src/kernel/mmap.ts";
import { Machine, PAGES_PER_MIB } from "../src/lab/run/machine.ts";
import { resolveKernel } from "../src/versions/resolve.ts";

export interface PinBenchResult {
  name: "pin-1m";
  kernel: string;
  folios: number;
  wall_s: number;
  /** CPU time of the pin (process.cpuUsage), over the same span as wall_s. */
  cpu_s: number;
  /** Wall time of the user faults that populate the memfd first (not part of wall_s). */
  setup_wall_s: number;
  steps_per_s: number;
  /** Bytes of the folio table per folio slot (struct-of-arrays). */
  bytes_per_folio: number;
  /**
   * Everything the run keeps (folio table, page tables, page cache, batches) after a full GC,
   * per folio slot at the end (2M slots: the 1M originals and their 1M migration targets).
   */
  heap_bytes_per_folio: number;
  /** The same bytes per pinned folio: what one longterm pin costs pinsim end to end. */
  heap_bytes_per_pinned_folio: number;
  pinned: number;
  migrated: number;
  virtual_ms: number;
}

/** Heap + typed-array bytes in use, after a full GC when the process runs with --expose-gc. */
function memoryInUse(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export function runPin1m(kernel: string, nrPages = 1 << 20): PinBenchResult {
  const heap0 = memoryInUse();
  const gib = 1024 * PAGES_PER_MIB;
  const m = new Machine({
    cpus: 2,
    kernel: resolveKernel(kernel),
    costs: { jitter: 0 },
    zones: {
      movable_pages: 5 * gib,
      normal_pages: 5 * gib,
      movable_alloc_order: ["movable", "normal", "dma32"],
    },
  });
  const k = m.kernel;
  const mm = mmAlloc(k);
  const file = memfdCreate(k, "guest", nrPages, false);
  const vma = mmapRegion(k, mm, { kind: "shmem", nrPages, mapping: file, shared: true });
  let pinned = 0;
  let t0 = 0;
  let t1 = 0;
  let steps0 = 0;
  let c0 = process.cpuUsage();
  let c1 = c0;
  m.spawn("user", 1, mm, function* (k) {
    for (let i = 0; i < nrPages; i++) yield* handleMmFault(k, vma, vma.start + i, true);
  });
  m.spawn("pinner", 0, mm, function* (k) {
    yield 1; // let the user task fault first: it runs on CPU 1 until done
    while (vma.pte[nrPages - 1]! < 0) yield 1_000_000;
    t0 = performance.now();
    c0 = process.cpuUsage();
    steps0 = m.engine.stepsExecuted;
    // The caller's array of nr entries, as a kernel caller allocates its pages[] before the call.
    const pages = new Array<number>(nrPages).fill(-1);
    pinned = yield* pinUserPages(k, vma.start, nrPages, FOLL_WRITE | FOLL_LONGTERM, pages);
    t1 = performance.now();
    c1 = process.cpuUsage(c0);
    m.engine.stop();
  });
  const s0 = performance.now();
  m.run();
  const heap1 = memoryInUse();
  const wall_s = (t1 - t0) / 1000;
  return {
    name: "pin-1m",
    kernel,
    folios: nrPages,
    wall_s,
    cpu_s: (c1.user + c1.system) / 1e6,
    setup_wall_s: (t0 - s0) / 1000,
    steps_per_s: (m.engine.stepsExecuted - steps0) / wall_s,
    bytes_per_folio: FolioTable.BYTES_PER_FOLIO,
    heap_bytes_per_folio: Math.round((heap1 - heap0) / k.folios.count),
    heap_bytes_per_pinned_folio: Math.round((heap1 - heap0) / pinned),
    pinned,
    migrated: k.counters.migrate_succeeded,
    virtual_ms: m.engine.now_ns / 1e6,
  };
}

if (import.meta.main) {
  for (const kernel of process.argv.slice(2).length ? process.argv.slice(2) : ["v6.15", "v6.17"]) {
    console.log(JSON.stringify(runPin1m(kernel)));
  }
}
