// The situations of kernel-model.md §10.5, built step by step through kernel entry points.
// Each returns what the conformance suite asserts on.

import { type Proc, sleepOp } from "../../src/engine/op.ts";
import { errnoName } from "../../src/kernel/errno.ts";
import { folioEndWriteback } from "../../src/kernel/filemap.ts";
import {
  F_ANON,
  F_DEVICE_COHERENT,
  PG_lru,
  PG_mlocked,
  PG_unevictable,
} from "../../src/kernel/folio_flags.ts";
import {
  FOLL_LONGTERM,
  FOLL_WRITE,
  folioIsLongtermPinnable,
  GupRetryCapError,
  pinUserPages,
  unpinUserPages,
} from "../../src/kernel/gup.ts";
import { H_ALLOC, H_LRU_BATCH, H_MLOCK_BATCH } from "../../src/kernel/holders.ts";
import { quiescentViolation } from "../../src/kernel/invariants.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { memfdCreate } from "../../src/kernel/memfd.ts";
import { handleMmFault, mapFolio } from "../../src/kernel/memory.ts";
import { MIGRATE_ASYNC, migratePages, putbackMovablePages } from "../../src/kernel/migrate.ts";
import { mlock2 } from "../../src/kernel/mlock.ts";
import type { Vma } from "../../src/kernel/mm.ts";
import { mmAlloc, mmapRegion } from "../../src/kernel/mmap.ts";
import { folioAlloc, ZONE_NAMES } from "../../src/kernel/page_alloc.ts";
import { folioStartWriteback } from "../../src/kernel/page_writeback.ts";
import { pageCacheRaUnbounded } from "../../src/kernel/readahead.ts";
import { lruAddDrain } from "../../src/kernel/swap.ts";
import { folioIsolateLru } from "../../src/kernel/vmscan.ts";
import { NR_ISOLATED_ANON, nodeStatModFolio } from "../../src/kernel/vmstat.ts";
import { Machine, PAGES_PER_MIB } from "../../src/lab/run/machine.ts";
import { resolveKernel } from "../../src/versions/resolve.ts";

export interface Outcome {
  ret: string;
  outer_retries: number;
  drains_local: number;
  drains_global: number;
  migrate_eagain: number;
  migrate_split: number;
  migrate_eagain_by_pass: number[];
  drains_unhelpful: number;
  waits: number;
  wakeups: number;
  static_key_toggles: number;
  /** Zone of the folio each pinned page ended on. */
  final_zones: string[];
  all_pinnable: boolean;
  /** kernel/invariants.ts's quiescentViolation() after the pin: null when nothing is left isolated. */
  isolated_left: string | null;
  pins_left: number;
  /** Batch references still held on the folio the pin found unpinnable. */
  batch_refs_on_original: number;
  /** /proc/vmstat's migration events over the run, in pages. */
  vmstat: {
    pgmigrate_success: number;
    pgmigrate_fail: number;
    thp_success: number;
    thp_fail: number;
    thp_split: number;
  };
  /** State of that folio just before the pin. */
  before: { refcount: number; lru: boolean; mlocked: boolean; unevictable: boolean };
}

interface PinPlan {
  machine: Machine;
  vma: Vma;
  pinCpu: number;
  pinAt_ns: number;
  page: number;
  nrPages?: number;
  flags?: number;
  keepPins?: boolean;
}

function cmaMachine(kernel: string, cpus = 8, extra: Record<string, unknown> = {}): Machine {
  return new Machine({
    cpus,
    kernel: resolveKernel(kernel),
    checkInvariants: true,
    zones: {
      movable_pages: 0,
      cma_pages: 64 * PAGES_PER_MIB,
      movable_alloc_order: ["cma", "normal", "dma32"],
    },
    ...extra,
  });
}

function movableMachine(kernel: string, cpus = 4, zones: Record<string, unknown> = {}): Machine {
  return new Machine({ cpus, kernel: resolveKernel(kernel), checkInvariants: true, zones });
}

/** Runs the pin and gathers the outcome. */
function pinAndObserve(plan: PinPlan): Outcome {
  const { machine: m, vma } = plan;
  const k = m.kernel;
  const res: Outcome = {
    ret: "",
    outer_retries: 0,
    drains_local: 0,
    drains_global: 0,
    migrate_eagain: 0,
    migrate_split: 0,
    migrate_eagain_by_pass: [],
    drains_unhelpful: 0,
    waits: 0,
    wakeups: 0,
    static_key_toggles: 0,
    final_zones: [],
    all_pinnable: true,
    isolated_left: null,
    pins_left: 0,
    batch_refs_on_original: 0,
    before: { refcount: 0, lru: false, mlocked: false, unevictable: false },
    vmstat: { pgmigrate_success: 0, pgmigrate_fail: 0, thp_success: 0, thp_fail: 0, thp_split: 0 },
  };
  let original = -1;
  m.spawn("pinner", plan.pinCpu, vma.mm, function* (k) {
    yield sleepOp(plan.pinAt_ns);
    original = vma.pte[plan.page]!;
    if (original >= 0) res.before = folioState(k, original);
    const pages: number[] = [];
    const r = yield* pinUserPages(
      k,
      vma.start + plan.page,
      plan.nrPages ?? 1,
      plan.flags ?? FOLL_WRITE | FOLL_LONGTERM,
      pages,
    );
    res.ret = errnoName(r);
    if (r > 0) {
      res.final_zones = pages.map((f) => ZONE_NAMES[k.folios.zone[f]!]!);
      res.all_pinnable = pages.every((f) => folioIsLongtermPinnable(k, f));
      if (!plan.keepPins) unpinUserPages(k, pages);
    }
    m.engine.stop();
  });
  m.run();
  const c = k.counters;
  res.outer_retries = c.outer_retries;
  res.drains_local = c.drains_local;
  res.drains_global = c.drains_global;
  res.migrate_eagain = c.migrate_eagain;
  res.migrate_split = c.migrate_split;
  res.migrate_eagain_by_pass = [...c.migrate_eagain_by_pass];
  res.drains_unhelpful = c.drains_unhelpful;
  res.waits = c.waits;
  res.wakeups = c.wakeups;
  res.static_key_toggles = c.static_key_toggles;
  res.vmstat = {
    pgmigrate_success: c.pgmigrate_success,
    pgmigrate_fail: c.pgmigrate_fail,
    thp_success: c.thp_migration_success,
    thp_fail: c.thp_migration_fail,
    thp_split: c.thp_migration_split,
  };
  res.isolated_left = quiescentViolation(k);
  res.pins_left = k.pinsOutstanding();
  if (original >= 0)
    res.batch_refs_on_original =
      k.folios.held(original, H_LRU_BATCH) + k.folios.held(original, H_MLOCK_BATCH);
  return res;
}

function folioState(k: Kernel, f: number): Outcome["before"] {
  const t = k.folios;
  return {
    refcount: t.refcount[f]!,
    lru: t.test(f, PG_lru),
    mlocked: t.test(f, PG_mlocked),
    unevictable: t.test(f, PG_unevictable),
  };
}

function* faultPages(k: Kernel, vma: Vma, from: number, n: number, write = true): Proc {
  for (let i = from; i < from + n; i++) yield* handleMmFault(k, vma, vma.start + i, write);
}

/**
 * A movable machine whose anon page 0 was faulted on CPU 1 and then drained onto the LRU, so no
 * batch holds it; `then` runs right after, on CPU 1, to dress the folio up.
 */
function anonFolioOnLru(kernel: string, then?: (k: Kernel, f: number) => void): { m: Machine; vma: Vma } {
  const m = movableMachine(kernel);
  const mm = mmAlloc(m.kernel);
  const vma = mmapRegion(m.kernel, mm, { kind: "anon", nrPages: 4 });
  m.spawn("user", 1, mm, function* (k) {
    yield* faultPages(k, vma, 0, 1);
    yield* lruAddDrain(k);
    then?.(k, vma.pte[0]!);
  });
  return { m, vma };
}

/** C1: a small anon folio in ZONE_MOVABLE, nothing batched. */
export function c1SmallAnonMovable(kernel: string): Outcome {
  const { m, vma } = anonFolioOnLru(kernel);
  return pinAndObserve({ machine: m, vma, pinCpu: 0, pinAt_ns: 100_000, page: 0 });
}

/**
 * C2 (Will Deacon's case): a memfd folio in CMA, mlocked on fault on CPU 7, whose lru_add batch
 * was then flushed by readahead: PG_lru|unevictable|mlocked, refcount 3, one mlock-batch entry.
 */
export function c2WillDeacon(kernel: string, faultCpu = 7): Outcome {
  const m = cmaMachine(kernel);
  const k = m.kernel;
  const mm = mmAlloc(k);
  const guest = memfdCreate(k, "guest", 4, false);
  const ra = memfdCreate(k, "readahead", 64, false);
  const vma = mmapRegion(k, mm, { kind: "shmem", nrPages: 4, mapping: guest, shared: true });
  m.spawn("crosvm", faultCpu, mm, function* (k) {
    yield* mlock2(k, vma, true);
    yield* faultPages(k, vma, 0, 1);
    yield pageCacheRaUnbounded(k, ra, 0, k.config.batch_size);
  });
  return pinAndObserve({ machine: m, vma, pinCpu: 3, pinAt_ns: 100_000, page: 0 });
}

/**
 * C2 on the pinning CPU: the same folio, but its mlock-batch entry is on CPU 3, which pins it.
 * Unmapping it from its VM_LOCKED vma drains that batch (try_to_migrate_one()), so the refcount
 * check finds no batch reference even where the collect rule never drains.
 */
export function c2PinningCpu(kernel: string): Outcome {
  return c2WillDeacon(kernel, 3);
}

/** C3: a new anon folio just faulted on a VM_LOCKED vma (NEW_FOLIO entry, !PG_lru) on `faultCpu`. */
export function c3NewMlockedAnon(kernel: string, faultCpu: number): Outcome {
  const m = movableMachine(kernel);
  const mm = mmAlloc(m.kernel);
  const vma = mmapRegion(m.kernel, mm, { kind: "anon", nrPages: 4 });
  m.spawn("user", faultCpu, mm, function* (k) {
    yield* mlock2(k, vma, true);
    yield* faultPages(k, vma, 0, 1);
  });
  return pinAndObserve({ machine: m, vma, pinCpu: 1, pinAt_ns: 100_000, page: 0 });
}

/** C5: a transient reference (GPU) on a movable anon folio, released `hold_ns` after the pin starts. */
export function c5Transient(kernel: string, hold_ns: number): Outcome {
  const { m, vma } = anonFolioOnLru(kernel);
  m.spawn("gpu", 2, vma.mm, function* (k) {
    yield sleepOp(90_000);
    const f = vma.pte[0]!;
    k.addTransient(f, "cuMemset");
    yield sleepOp(10_000 + hold_ns);
    k.dropTransient(f, "cuMemset");
  });
  return pinAndObserve({ machine: m, vma, pinCpu: 0, pinAt_ns: 100_000, page: 0 });
}

/**
 * C13: a movable anon folio whose writeback I/O starts 10 µs before the pin and completes `io_ns`
 * later (another CPU's bio completion): the pin's MIGRATE_SYNC migration must wait for it.
 */
export function c13Writeback(kernel: string, io_ns: number): Outcome {
  const { m, vma } = anonFolioOnLru(kernel);
  m.spawn("bio-end", 2, null, function* (k) {
    yield sleepOp(90_000);
    const f = vma.pte[0]!;
    folioStartWriteback(k, f);
    yield sleepOp(io_ns);
    folioEndWriteback(k, f);
  });
  return pinAndObserve({ machine: m, vma, pinCpu: 0, pinAt_ns: 100_000, page: 0 });
}

/** C13 in MIGRATE_ASYNC (compaction's mode): migrate_pages() of the isolated folio under writeback. */
export function c13WritebackAsync(kernel: string): {
  ret: number;
  eagain: number;
  waits: number;
  mapped: boolean;
} {
  const { m, vma } = anonFolioOnLru(kernel);
  const out = { ret: -1, eagain: 0, waits: 0, mapped: false };
  m.spawn("compactor", 0, vma.mm, function* (k) {
    yield sleepOp(100_000);
    const f = vma.pte[0]!;
    folioStartWriteback(k, f);
    if (!folioIsolateLru(k, f)) throw new Error("C13: the folio could not be isolated");
    nodeStatModFolio(k, f, NR_ISOLATED_ANON, 1);
    const list = [f];
    out.ret = yield* migratePages(k, list, MIGRATE_ASYNC, "compaction");
    out.mapped = vma.pte[0] === f;
    putbackMovablePages(k, list);
    folioEndWriteback(k, f);
    m.engine.stop();
  });
  m.run();
  out.eagain = m.kernel.counters.migrate_eagain;
  out.waits = m.kernel.counters.waits;
  return out;
}

/** C6: a PMD-mapped anon THP in ZONE_MOVABLE; `starveTargets` leaves no room for a 2 MiB target. */
export function c6Thp(kernel: string, starveTargets: boolean): Outcome {
  const zones = starveTargets ? { fragmented: ["normal", "dma32"] as const } : {};
  const m = movableMachine(kernel, 4, zones);
  const mm = mmAlloc(m.kernel);
  const vma = mmapRegion(m.kernel, mm, { kind: "anon", nrPages: 512, thp: true });
  m.spawn("user", 1, mm, function* (k) {
    yield* faultPages(k, vma, 0, 1);
  });
  return pinAndObserve({ machine: m, vma, pinCpu: 0, pinAt_ns: 200_000, page: 0, nrPages: 512 });
}

/** C7: a hugetlb memfd folio in CMA. */
export function c7HugetlbCma(kernel: string): Outcome {
  const m = cmaMachine(kernel, 4);
  const k = m.kernel;
  const mm = mmAlloc(k);
  const file = memfdCreate(k, "hugetlb", 512, true);
  const vma = mmapRegion(k, mm, { kind: "hugetlb", nrPages: 512, mapping: file, shared: true });
  m.spawn("user", 1, mm, function* (k) {
    yield* faultPages(k, vma, 0, 1);
  });
  return pinAndObserve({ machine: m, vma, pinCpu: 0, pinAt_ns: 200_000, page: 0, nrPages: 512 });
}

/** C9: the zero page: a read-only longterm pin of an untouched anonymous page. */
export function c9ZeroPage(kernel: string): {
  outcome: Outcome;
  zeroRefBefore: number;
  zeroRefAfter: number;
} {
  const m = movableMachine(kernel);
  const mm = mmAlloc(m.kernel);
  const vma = mmapRegion(m.kernel, mm, { kind: "anon", nrPages: 4 });
  m.spawn("user", 1, mm, function* (k) {
    yield* faultPages(k, vma, 0, 1, false);
  });
  const zero = m.kernel.zeroFolio;
  const before = m.kernel.folios.refcount[zero]!;
  const outcome = pinAndObserve({
    machine: m,
    vma,
    pinCpu: 0,
    pinAt_ns: 100_000,
    page: 0,
    flags: FOLL_LONGTERM,
    keepPins: true,
  });
  return { outcome, zeroRefBefore: before, zeroRefAfter: m.kernel.folios.refcount[zero]! };
}

/** C10: a range running past the end of its VMA: only the pages before the hole are pinned. */
export function c10Hole(kernel: string): Outcome {
  const m = movableMachine(kernel);
  const mm = mmAlloc(m.kernel);
  const vma = mmapRegion(m.kernel, mm, { kind: "anon", nrPages: 3 });
  return pinAndObserve({ machine: m, vma, pinCpu: 0, pinAt_ns: 0, page: 0, nrPages: 5 });
}

/** C11: a device-coherent folio, with an extra reference (-EBUSY) or without (migrated). */
export function c11DeviceCoherent(kernel: string, extraRef: boolean): Outcome {
  const { m, vma } = anonFolioOnLru(kernel, (k, f) => {
    k.folios.set(f, F_DEVICE_COHERENT);
    if (extraRef) k.addTransient(f, "device driver");
  });
  return pinAndObserve({ machine: m, vma, pinCpu: 0, pinAt_ns: 100_000, page: 0 });
}

/**
 * C12: a CMA folio a driver mapped without ever putting it on the LRU (the case 517f496e1e61's
 * revert text names): collect counts it but can never isolate it.
 */
export function c12NeverOnLru(
  kernel: string,
  cap: number,
): { ret: string; livelock: boolean; outer_retries: number } {
  const m = cmaMachine(kernel, 2);
  const k = m.kernel;
  k.gupOuterRetryCap = cap;
  const mm = mmAlloc(k);
  const vma = mmapRegion(k, mm, { kind: "anon", nrPages: 1 });
  const out = { ret: "", livelock: false, outer_retries: 0 };
  m.spawn("driver+pinner", 0, mm, function* (k) {
    const f = folioAlloc(k, 0, true);
    k.folios.set(f, F_ANON);
    k.folios.mapping[f] = vma.id;
    k.folios.index[f] = 0;
    mapFolio(k, vma, f, 0);
    k.folioPut(f, H_ALLOC);
    yield 100;
    try {
      const pages: number[] = [];
      out.ret = errnoName(yield* pinUserPages(k, vma.start, 1, FOLL_WRITE | FOLL_LONGTERM, pages));
    } catch (e) {
      if (!(e instanceof GupRetryCapError)) throw e;
      out.livelock = true;
    }
    m.engine.stop();
  });
  m.run();
  out.outer_retries = k.counters.outer_retries;
  return out;
}
