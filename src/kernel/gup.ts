// mm/gup.c: pin_user_pages*(), the __gup_longterm_locked() loop and the collect / migrate steps
// for FOLL_LONGTERM (kernel-model.md §3).

import type { Proc } from "../engine/op.ts";
import { wait } from "../engine/op.ts";
import { EAGAIN, EBUSY, EFAULT, EINVAL, ENOMEM } from "./errno.ts";
import { folioExpectedRefCount } from "./folio_expected.ts";
import {
  F_DEVICE_COHERENT,
  F_FSDAX,
  F_HUGETLB,
  F_ZERO_PAGE,
  PG_lru,
  PG_mlocked,
  PG_unevictable,
} from "./folio_flags.ts";
import { GUP_PIN_COUNTING_BIAS, H_GUP_GET, H_GUP_PIN, H_LRU_BATCH, H_MLOCK_BATCH } from "./holders.ts";
import { folioKey, KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { handleMmFault } from "./memory.ts";
import { MIGRATE_SYNC, migratePages, putbackMovablePages } from "./migrate.ts";
import { findVma, isMigrationEntry, type Mm, migrationEntryFolio, PTE_NONE } from "./mm.ts";
import { MIGRATE_CMA, MIGRATE_ISOLATE, ZONE_MOVABLE } from "./page_alloc.ts";
import { folioMayBeLruCached, lruAddDrain } from "./swap.ts";
import { lruAddDrainAll } from "./swap_drain_all.ts";
import { traced } from "./traced.ts";
import { folioIsolateHugetlb, folioIsolateLru, nodeStatAddIsolated } from "./vmscan.ts";

export const FOLL_WRITE = 0x01;
export const FOLL_GET = 0x04;
export const FOLL_LONGTERM = 0x100;
export const FOLL_PIN = 0x40000;
export const FOLL_PCI_P2PDMA = 0x100000;
export const FOLL_FAST_ONLY = 0x80000;

/** Internal: check_and_migrate asks the outer loop to re-pin (the kernel's -EAGAIN). */
const GUP_RETRY = 1;

/** Thrown when a test's cap on the (unbounded) outer loop is reached (§3.3). */
export class GupRetryCapError extends Error {}

/** folio_is_longterm_pinnable() (§2), in the kernel's order of tests. */
export function folioIsLongtermPinnable(k: Kernel, f: number): boolean {
  const t = k.folios;
  const mt = t.migratetype[f]!;
  if (mt === MIGRATE_CMA || mt === MIGRATE_ISOLATE) return false;
  if (t.test(f, F_ZERO_PAGE)) return true;
  if (t.test(f, F_DEVICE_COHERENT)) return false;
  if (t.test(f, F_FSDAX)) return false;
  return t.zone[f] !== ZONE_MOVABLE;
}

/** is_valid_gup_args() subset that matters for the longterm path (§3.1). */
function validGupArgs(flags: number): boolean {
  if (flags & FOLL_GET && flags & FOLL_PIN) return false;
  if (flags & FOLL_LONGTERM && !(flags & FOLL_PIN)) return false;
  if (flags & FOLL_LONGTERM && flags & FOLL_PCI_P2PDMA) return false;
  return true;
}

/**
 * pin_user_pages(): pins `nr` pages from page `start` of current->mm into `pages` (one folio
 * id per page entry). Returns the number pinned or a negative errno.
 */
export function* pinUserPages(
  k: Kernel,
  start: number,
  nr: number,
  gupFlags: number,
  pages: number[],
): Proc<number> {
  const flags = gupFlags | FOLL_PIN;
  if (!validGupArgs(flags)) return 0; // the kernel returns 0, not an error, here (§3.1)
  const mm = k.current().mm!;
  mm.hasPinned = true;
  return yield* countedPin(k, flags, () => gupLongtermLocked(k, mm, start, nr, flags, pages));
}

/**
 * pin_user_pages_fast(): the lockless walk pins what it can and stops at the first page it
 * cannot handle — including any unpinnable folio under FOLL_LONGTERM — and the slow path does
 * the rest (§3.1).
 */
export function* pinUserPagesFast(
  k: Kernel,
  start: number,
  nr: number,
  gupFlags: number,
  pages: number[],
): Proc<number> {
  const flags = gupFlags | FOLL_PIN;
  if (!validGupArgs(flags)) return -EINVAL;
  const mm = k.current().mm!;
  mm.hasPinned = true;
  return yield* countedPin(k, flags, function* () {
    const fast = gupFast(k, mm, start, nr, flags, pages);
    yield k.cost(fast * k.costs.gup_per_page_ns);
    if (fast === nr) return fast;
    const rest: number[] = [];
    const ret = yield* gupLongtermLocked(k, mm, start + fast, nr - fast, flags, rest);
    if (ret < 0) return fast > 0 ? fast : ret;
    for (const f of rest) pages.push(f);
    return fast + ret;
  });
}

function* countedPin(k: Kernel, flags: number, body: () => Proc<number>): Proc<number> {
  const longterm = (flags & FOLL_LONGTERM) !== 0;
  if (longterm) k.counters.pins_attempted++;
  k.traceFunc("func_begin", "pin_user_pages");
  const ret = yield* body();
  if (longterm && ret < 0) k.counters.pins_failed++;
  k.traceFunc("func_end", "pin_user_pages", ret);
  return ret;
}

function gupFast(k: Kernel, mm: Mm, start: number, nr: number, flags: number, pages: number[]): number {
  k.touch(KEY_PAGE_TABLES, false);
  for (let i = 0; i < nr; i++) {
    const vma = findVma(mm, start + i);
    if (vma === null) return i;
    const pte = vma.pte[start + i - vma.start]!;
    if (pte === PTE_NONE || isMigrationEntry(pte)) return i;
    if (flags & FOLL_LONGTERM && !folioIsLongtermPinnable(k, pte)) return i;
    tryGrabFolio(k, pte, flags);
    pages.push(pte);
  }
  return nr;
}

/** get_user_pages(): short-term FOLL_GET references (e.g. process_vm_readv). */
export function* getUserPages(k: Kernel, mm: Mm, start: number, nr: number, pages: number[]): Proc<number> {
  return yield* getUserPagesLocked(k, mm, start, nr, FOLL_GET, pages);
}

/** __gup_longterm_locked(): the outer loop, with no retry limit (§3.2). */
function* gupLongtermLocked(
  k: Kernel,
  mm: Mm,
  start: number,
  nr: number,
  flags: number,
  pages: number[],
): Proc<number> {
  if (!(flags & FOLL_LONGTERM)) return yield* getUserPagesLocked(k, mm, start, nr, flags, pages);
  const task = k.current();
  const saved = task.pfMemallocPin;
  task.pfMemallocPin = true;
  let rc = 0;
  let n = 0;
  for (let iteration = 0; ; iteration++) {
    if (iteration >= k.gupOuterRetryCap)
      throw new GupRetryCapError(`__gup_longterm_locked: ${iteration} iterations`);
    if (iteration > 0) k.counters.outer_retries++;
    pages.length = 0;
    n = yield* getUserPagesLocked(k, mm, start, nr, flags, pages);
    if (n <= 0) {
      rc = n;
      break;
    }
    rc = yield* checkAndMigrateMovablePages(k, pages, n);
    if (rc !== GUP_RETRY) break;
  }
  task.pfMemallocPin = saved;
  return rc !== 0 ? rc : n;
}

/** __get_user_pages_locked(): fault in and grab each page; stops at a VMA hole (§10.5 C10). */
function* getUserPagesLocked(
  k: Kernel,
  mm: Mm,
  start: number,
  nr: number,
  flags: number,
  pages: number[],
): Proc<number> {
  const write = (flags & FOLL_WRITE) !== 0;
  for (let i = 0; i < nr; i++) {
    const page = start + i;
    const vma = findVma(mm, page);
    if (vma === null) return i > 0 ? i : -EFAULT;
    for (;;) {
      k.touch(KEY_PAGE_TABLES, false);
      const pte = vma.pte[page - vma.start]!;
      if (isMigrationEntry(pte)) {
        // migration_entry_wait(): sleep until the migration finishes or is undone.
        yield* wait(k.migrationWaitQueue(migrationEntryFolio(pte)));
        continue;
      }
      if (pte === PTE_NONE || (write && pte === k.zeroFolio)) {
        if (write && pte === k.zeroFolio) vma.pte[page - vma.start] = PTE_NONE;
        const r = yield* handleMmFault(k, vma, page, write);
        if (r < 0) return i > 0 ? i : r;
        continue;
      }
      tryGrabFolio(k, pte, flags);
      pages.push(pte);
      break;
    }
    yield k.cost(k.costs.gup_per_page_ns);
  }
  return nr;
}

/** try_grab_folio() (§1.1): FOLL_PIN is +1024 on a small folio, +1 and _pincount+1 on a large one. */
export function tryGrabFolio(k: Kernel, f: number, flags: number): void {
  const t = k.folios;
  if (flags & FOLL_PIN) {
    if (t.test(f, F_ZERO_PAGE)) return;
    k.folioGet(f, H_GUP_PIN);
    if (t.hasPincount(f)) t.pincount[f] = t.pincount[f]! + 1;
    k.counters.nr_foll_pin_acquired++;
    return;
  }
  k.folioGet(f, H_GUP_GET);
}

/** unpin_user_page() / gup_put_folio(): the exact mirror of the pin. */
export function unpinFolio(k: Kernel, f: number): void {
  const t = k.folios;
  if (t.test(f, F_ZERO_PAGE)) return;
  // A pin released twice is a bug the ledger catches: its H_GUP_PIN count cannot go below zero.
  if (t.held(f, H_GUP_PIN) === 0) throw new Error(`unpin of folio ${f} that holds no pin`);
  if (t.hasPincount(f)) t.pincount[f] = t.pincount[f]! - 1;
  k.counters.nr_foll_pin_released++;
  k.folioPut(f, H_GUP_PIN);
}

export function unpinUserPages(k: Kernel, pages: readonly number[]): void {
  for (const f of pages) unpinFolio(k, f);
}

/** put_page() for FOLL_GET references; FOLL_GET did take one on the zero page too (only pins skip it). */
export function putUserPages(k: Kernel, pages: readonly number[]): void {
  for (const f of pages) k.folioPut(f, H_GUP_GET);
}

/**
 * check_and_migrate_movable_pages() (§3.3): 0 = keep the pins; GUP_RETRY = pins dropped and
 * migration done, re-pin; negative = pins dropped, give up.
 */
function* checkAndMigrateMovablePages(k: Kernel, pages: number[], n: number): Proc<number> {
  const list: number[] = [];
  const collected = yield* collectLongtermUnpinnableFolios(k, pages, n, list);
  const nothing = k.config.collect_success_if_list_empty ? list.length === 0 : collected === 0;
  if (nothing) return 0;
  return yield* migrateLongtermUnpinnableFolios(k, pages, n, list);
}

/** collect_longterm_unpinnable_folios() with the drain rules of §3.4.1. */
function* collectLongtermUnpinnableFolios(
  k: Kernel,
  pages: number[],
  n: number,
  list: number[],
): Proc<number> {
  k.traceFunc("func_begin", "collect_longterm_unpinnable_folios");
  const t = k.folios;
  const drain = { state: 0 as 0 | 1 | 2 };
  let collected = 0;
  for (let i = 0; i < n; i++) {
    const f = pages[i]!;
    if (i > 0 && pages[i - 1] === f) continue; // one visit per contiguous run of a large folio
    yield k.cost(k.costs.gup_per_page_ns / 2);
    k.touch(folioKey(f), false); // its flags, zone and migratetype are read below
    if (folioIsLongtermPinnable(k, f)) continue;
    collected++;
    if (t.test(f, F_DEVICE_COHERENT)) continue;
    if (t.test(f, F_HUGETLB)) {
      if (folioIsolateHugetlb(k, f)) list.push(f);
      continue;
    }
    yield* drainDecision(k, f, drain);
    if (!folioIsolateLru(k, f)) continue;
    list.push(f);
    nodeStatAddIsolated(k, f, 1);
    yield k.cost(k.costs.isolate_ns);
  }
  k.traceFunc("func_end", "collect_longterm_unpinnable_folios", collected);
  return collected;
}

/** The per-version drain decision for one unpinnable folio (§3.4.1); at most one of each kind per pass. */
function* drainDecision(k: Kernel, f: number, drain: { state: 0 | 1 | 2 }): Proc {
  const c = k.config;
  const t = k.folios;
  const before = drain.state;
  const refsBefore = batchRefs(k, f);
  let action: "none" | "local" | "global" = "none";
  if (c.collect_drain_test === "lru-flag") {
    let want = !t.test(f, PG_lru);
    if (c.collect_drain_also_if === "mlocked") want ||= t.test(f, PG_mlocked);
    if (c.collect_drain_also_if === "mlocked-not-unevictable")
      want ||= t.test(f, PG_mlocked) && !t.test(f, PG_unevictable);
    if (want && drain.state === 0) {
      yield* countedDrain(k, f, true);
      drain.state = 2;
      action = "global";
    }
  } else {
    const needs = () =>
      (!c.collect_skip_large || folioMayBeLruCached(k, f)) &&
      k.refcount(f) !== folioExpectedRefCount(k, f) + extraRefs(k, f);
    if (c.collect_local_drain_first && drain.state === 0 && needs()) {
      yield* countedDrain(k, f, false);
      drain.state = 1;
      action = "local";
    }
    if (drain.state < 2 && needs()) {
      yield* countedDrain(k, f, true);
      drain.state = 2;
      action = "global";
    }
  }
  if (k.tracer !== null) emitDecision(k, f, before, action, refsBefore);
}

function emitDecision(
  k: Kernel,
  f: number,
  before: number,
  action: "none" | "local" | "global",
  refsBefore: number,
): void {
  const t = k.folios;
  const task = k.current();
  k.emit({
    type: "collect_drain_decision",
    t_ns: k.now_ns(),
    cpu: task.cpu,
    task,
    folio: f,
    test: k.config.collect_drain_test,
    lru: t.test(f, PG_lru),
    mlocked: t.test(f, PG_mlocked),
    unevictable: t.test(f, PG_unevictable),
    large: t.isLarge(f),
    count: t.refcount[f]!,
    expected: folioExpectedRefCount(k, f),
    extra_refs: extraRefs(k, f),
    action,
    drained_before: before,
    batch_refs_before: refsBefore,
    batch_refs_after: batchRefs(k, f),
  });
}

/** The references the caller itself holds: the pin (2026 fix) or, before it, just one (§3.4.1). */
function extraRefs(k: Kernel, f: number): number {
  if (k.config.collect_extra_refs === "one") return 1;
  return k.folios.hasPincount(f) ? 1 : GUP_PIN_COUNTING_BIAS;
}

/** A drain from collect, counted unhelpful if it released no batch reference of `f`. */
function* countedDrain(k: Kernel, f: number, global: boolean): Proc {
  const before = batchRefs(k, f);
  if (global) yield* lruAddDrainAll(k);
  else {
    yield* traced(k, "lru_add_drain", lruAddDrain(k, "collect"), () => 0);
  }
  if (batchRefs(k, f) >= before) k.counters.drains_unhelpful++;
}

function batchRefs(k: Kernel, f: number): number {
  return k.folios.held(f, H_LRU_BATCH) + k.folios.held(f, H_MLOCK_BATCH);
}

/** migrate_longterm_unpinnable_folios() (§3.5): drop every pin, migrate, map the result. */
function* migrateLongtermUnpinnableFolios(
  k: Kernel,
  pages: number[],
  n: number,
  list: number[],
): Proc<number> {
  const t = k.folios;
  for (let i = 0; i < n; i++) {
    const f = pages[i]!;
    if (f < 0) continue;
    if (t.test(f, F_DEVICE_COHERENT)) {
      pages[i] = -1;
      const r = migrateDeviceCoherentFolio(k, f);
      if (r < 0) return failLongterm(k, pages, list, r);
      continue;
    }
    unpinFolio(k, f);
    pages[i] = -1;
  }
  yield k.cost(n * k.costs.gup_per_page_ns);
  if (list.length > 0) {
    const ret = yield* migratePages(k, list, MIGRATE_SYNC, "longterm_pin");
    if (ret !== 0) {
      const errno = k.config.migration_failure_errno === "EAGAIN" ? -EAGAIN : -ENOMEM;
      return failLongterm(k, pages, list, errno);
    }
  }
  putbackMovablePages(k, list);
  return GUP_RETRY;
}

function failLongterm(k: Kernel, pages: number[], list: number[], errno: number): number {
  for (const f of pages) if (f >= 0) unpinFolio(k, f); // pofs_unpin(): whatever is still pinned
  pages.fill(-1);
  putbackMovablePages(k, list);
  return errno;
}

/**
 * migrate_device_coherent_folio(): the pin became a plain reference; migration needs every other
 * reference gone. Device memory itself is not modelled: on success the folio simply stops being
 * device-coherent, standing for its contents now living in system memory (docs/decisions.md).
 */
function migrateDeviceCoherentFolio(k: Kernel, f: number): number {
  k.folioGet(f, H_GUP_GET);
  unpinFolio(k, f);
  const ok = k.refcount(f) === folioExpectedRefCount(k, f) + 1;
  if (ok) k.folios.clear(f, F_DEVICE_COHERENT);
  k.folioPut(f, H_GUP_GET);
  return ok ? 0 : -EBUSY;
}
