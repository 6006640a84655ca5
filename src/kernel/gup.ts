// mm/gup.c: pin_user_pages*(), the __gup_longterm_locked() loop and the collect / migrate steps
// for FOLL_LONGTERM (kernel-model.md §3).

import type { Proc } from "../engine/op.ts";
import { wait } from "../engine/op.ts";
import { collectDrainView } from "./decision_views.ts";
import { collectDrainRule, decide } from "./decisions.ts";
import { EAGAIN, EBUSY, EFAULT, EINVAL, ENOMEM } from "./errno.ts";
import { folioExpectedRefCount } from "./folio_expected.ts";
import { F_DEVICE_COHERENT, F_FREED, F_FSDAX, F_HUGETLB, F_ISOLATED, F_ZERO_PAGE } from "./folio_flags.ts";
import { GUP_PIN_COUNTING_BIAS, H_GUP_GET, H_GUP_PIN, H_LRU_BATCH, H_MLOCK_BATCH } from "./holders.ts";
import { folioIsolateHugetlb } from "./hugetlb.ts";
import { folioKey, KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { handleMmFault } from "./memory.ts";
import { MIGRATE_SYNC, migratePages, putbackMovablePages } from "./migrate.ts";
import { findVma, isMigrationEntry, type Mm, migrationEntryFolio, PTE_NONE } from "./mm.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO, VM_WARN_ON_ONCE, VM_WARN_ON_ONCE_FOLIO } from "./mmdebug.ts";
import { MIGRATE_CMA, MIGRATE_ISOLATE, ZONE_MOVABLE } from "./page_alloc.ts";
import { folioIsFileLru, folioMarkAccessed, lruAddDrain, lruAddDrainAll } from "./swap.ts";
import type { PinEntry } from "./trace.ts";
import { traceCollectDrainDecision } from "./trace_events.ts";
import { traced } from "./traced.ts";
import { folioIsolateLru } from "./vmscan.ts";
import { NR_ISOLATED_ANON, nodeStatModFolio } from "./vmstat.ts";

export const FOLL_WRITE = 0x01;
export const FOLL_GET = 0x04;
export const FOLL_TOUCH = 0x02;
export const FOLL_LONGTERM = 0x100;
export const FOLL_PIN = 0x40000;
export const FOLL_PCI_P2PDMA = 0x100000;
export const FOLL_FAST_ONLY = 0x80000;
const FOLL_MODELLED =
  FOLL_WRITE | FOLL_TOUCH | FOLL_GET | FOLL_LONGTERM | FOLL_PIN | FOLL_PCI_P2PDMA | FOLL_FAST_ONLY;

/** Internal: check_and_migrate asks the outer loop to re-pin (the kernel's -EAGAIN). */
const GUP_RETRY = 1;

/** Thrown when a test's cap on the (unbounded) outer loop is reached (§3.3). */
export class GupRetryCapError extends Error {}

/** folio_is_longterm_pinnable() (§2), in the kernel's order of tests. */
export function folioIsLongtermPinnable(k: Kernel, f: number): boolean {
  const t = k.folios;
  VM_BUG_ON_FOLIO(f < 0 || f >= t.count, k, f, "folio_is_longterm_pinnable of no folio");
  const mt = t.migratetype[f]!;
  if (mt === MIGRATE_CMA || mt === MIGRATE_ISOLATE) return false;
  if (t.test(f, F_ZERO_PAGE)) return true;
  if (t.test(f, F_DEVICE_COHERENT)) return false;
  if (t.test(f, F_FSDAX)) return false;
  return t.zone[f] !== ZONE_MOVABLE;
}

/** is_valid_gup_args() subset that matters for the longterm path (§3.1). */
function isValidGupArgs(flags: number): boolean {
  VM_WARN_ON_ONCE((flags & ~FOLL_MODELLED) !== 0, "gup flags pinsim does not model");
  if (flags & FOLL_GET && flags & FOLL_PIN) return false;
  if (flags & FOLL_LONGTERM && !(flags & FOLL_PIN)) return false;
  if (flags & FOLL_LONGTERM && flags & FOLL_PCI_P2PDMA) return false;
  return true;
}

/**
 * pin_user_pages(): pins `nr` pages from page `start` of current->mm into `pages` (one folio
 * id per page entry). Returns the number pinned or a negative errno.
 *
 * The pin entry points are plain functions that return the generator doing the work:
 * __gupLongtermLocked() finishes the call for them (pinExit), so they add no level that every
 * step of the pin (7M in pin-1m) would resume. Callers `yield*` the result at once, so the
 * checks here run in the same step as they would at the generator's start.
 */
export function pinUserPages(
  k: Kernel,
  start: number,
  nr: number,
  gupFlags: number,
  pages: number[],
): Proc<number> {
  const flags = gupFlags | FOLL_PIN;
  if (!isValidGupArgs(flags)) return returnAtOnce(0); // the kernel returns 0, not an error, here (§3.1)
  const mm = k.current().mm!;
  mm.hasPinned = true;
  pinBegin(k, "pin_user_pages", flags);
  return __gupLongtermLocked(k, mm, start, nr, flags, pages, "pin_user_pages");
}

/**
 * pin_user_pages_fast(): the lockless walk pins what it can and stops at the first page it
 * cannot handle — including any unpinnable folio under FOLL_LONGTERM — and the slow path does
 * the rest (§3.1).
 */
export function pinUserPagesFast(
  k: Kernel,
  start: number,
  nr: number,
  gupFlags: number,
  pages: number[],
): Proc<number> {
  const flags = gupFlags | FOLL_PIN;
  if (!isValidGupArgs(flags)) return returnAtOnce(-EINVAL);
  const mm = k.current().mm!;
  mm.hasPinned = true;
  pinBegin(k, "pin_user_pages_fast", flags);
  return pinUserPagesFastBody(k, mm, start, nr, flags, pages);
}

/** gup_fast(), then the slow path for the rest. */
function* pinUserPagesFastBody(
  k: Kernel,
  mm: Mm,
  start: number,
  nr: number,
  flags: number,
  pages: number[],
): Proc<number> {
  const fast = gupFast(k, mm, start, nr, flags, pages);
  yield k.cost(fast * k.costs.gup_per_page_ns);
  let ret = fast;
  if (fast !== nr) {
    const rest: number[] = [];
    const slow = yield* __gupLongtermLocked(k, mm, start + fast, nr - fast, flags, rest, null);
    if (slow < 0) ret = fast > 0 ? fast : slow;
    else {
      for (const f of rest) pages.push(f);
      ret = fast + slow;
    }
  }
  pinExit(k, "pin_user_pages_fast", flags, pages, nr, ret);
  return ret;
}

/** A call that returns `ret` without a step (invalid arguments). */
// biome-ignore lint/correctness/useYield: the callers' yield* needs a generator, and there is no step
function* returnAtOnce(ret: number): Proc<number> {
  return ret;
}

/** A pin's postcondition: no more pages than asked, and each page it returns holds a pin. */
function pinnedAsReturned(k: Kernel, pages: readonly number[], nr: number, ret: number): void {
  VM_WARN_ON_ONCE(ret > nr, "pinned more pages than asked");
  VM_WARN_ON_ONCE(ret > pages.length, "returned more pages than handed back");
  const t = k.folios;
  for (let i = pages.length - Math.max(ret, 0); i < pages.length; i++) {
    const f = pages[i]!;
    VM_BUG_ON_FOLIO(
      f < 0 || (t.held(f, H_GUP_PIN) === 0 && !t.test(f, F_ZERO_PAGE)),
      k,
      f,
      "returned page not pinned",
    );
  }
}

/** The pin entry point a __gup_longterm_locked() call finishes for, if any. */
type PinExit = PinEntry | "pin_user_pages_remote" | null;

/** The counting and tracing at a pin entry point's start and end (see pinUserPages). */
function pinBegin(k: Kernel, func: PinEntry | "pin_user_pages_remote", flags: number): void {
  if (flags & FOLL_LONGTERM) k.counters.pins_attempted++;
  k.traceFunc("func_begin", func);
}

function pinExit(
  k: Kernel,
  func: PinExit,
  flags: number,
  pages: readonly number[],
  nr: number,
  ret: number,
): void {
  if (func === null) return;
  if (flags & FOLL_LONGTERM && ret < 0) k.counters.pins_failed++;
  k.traceFunc("func_end", func, ret);
  if (func !== "pin_user_pages_remote") pinnedAsReturned(k, pages, nr, ret);
}

/** gup_fast(): pins up to the first page that needs the slow path; returns how many it pinned. */
function gupFast(k: Kernel, mm: Mm, start: number, nr: number, flags: number, pages: number[]): number {
  VM_BUG_ON(!(flags & FOLL_PIN), "gup_fast without FOLL_PIN (pinsim's fast path only pins)");
  k.touch(KEY_PAGE_TABLES, false);
  for (let i = 0; i < nr; i++) {
    const vma = findVma(mm, start + i);
    if (vma === null) return i;
    k.touchPte(vma, start + i - vma.start, false);
    const pte = vma.pte[start + i - vma.start]!;
    if (pte === PTE_NONE || isMigrationEntry(pte)) return i;
    // The zero page is mapped read-only: a FOLL_WRITE walk leaves it to the slow path's fault.
    if (flags & FOLL_WRITE && pte === k.zeroFolio) return i;
    if (flags & FOLL_LONGTERM && !folioIsLongtermPinnable(k, pte)) return i;
    tryGrabFolio(k, pte, flags);
    pages.push(pte);
  }
  return nr;
}

/** get_user_pages(): short-term FOLL_GET references (e.g. process_vm_readv). */
export function* getUserPages(k: Kernel, mm: Mm, start: number, nr: number, pages: number[]): Proc<number> {
  const ret = yield* __getUserPagesLocked(k, mm, start, nr, FOLL_GET, pages, pages.length);
  VM_WARN_ON_ONCE(ret > nr, "got more pages than asked");
  return ret;
}

/**
 * pin_user_pages_remote(): short-term (or longterm) pins in another process's mm; the remote
 * walk always adds FOLL_TOUCH.
 */
export function pinUserPagesRemote(
  k: Kernel,
  mm: Mm,
  start: number,
  nr: number,
  gupFlags: number,
  pages: number[],
): Proc<number> {
  const flags = gupFlags | FOLL_PIN | FOLL_TOUCH;
  if (!isValidGupArgs(flags)) return returnAtOnce(0);
  mm.hasPinned = true;
  pinBegin(k, "pin_user_pages_remote", flags);
  return __gupLongtermLocked(k, mm, start, nr, flags, pages, "pin_user_pages_remote");
}

/**
 * __gup_longterm_locked(): the outer loop, with no retry limit (§3.2). Its return value is traced
 * (func_return, what a kretprobe on it prints); then it finishes the call of `exit`, the pin
 * entry point that returned it (see pinUserPages).
 */
function* __gupLongtermLocked(
  k: Kernel,
  mm: Mm,
  start: number,
  nr: number,
  flags: number,
  pages: number[],
  exit: PinExit,
): Proc<number> {
  let ret: number;
  if (!(flags & FOLL_LONGTERM))
    ret = yield* __getUserPagesLocked(k, mm, start, nr, flags, pages, pages.length);
  else {
    VM_BUG_ON(!(flags & FOLL_PIN), "FOLL_LONGTERM without FOLL_PIN got past is_valid_gup_args");
    const task = k.current();
    const saved = task.pfMemallocPin;
    task.pfMemallocPin = true;
    let rc = 0;
    let n = 0;
    for (let iteration = 0; ; iteration++) {
      if (iteration >= k.gupOuterRetryCap)
        throw new GupRetryCapError(`__gup_longterm_locked: ${iteration} iterations`);
      if (iteration > 0) k.counters.outer_retries++;
      // Each pass fills `pages` from its start: emptying it first would free its backing store
      // and the pass grow it again push by push (1M entries: ~140 ms on these machines).
      n = yield* __getUserPagesLocked(k, mm, start, nr, flags, pages, 0);
      if (n <= 0) {
        rc = n;
        break;
      }
      // check_and_migrate_movable_pages() (§3.3), inline: a generator level of its own would
      // cost every collect and migration step one more resume. 0 = keep the pins; GUP_RETRY =
      // pins dropped and migration done, re-pin; negative = pins dropped, give up.
      const list: number[] = [];
      const collected = yield* collectLongtermUnpinnableFolios(k, pages, n, list);
      if (keepsPins(k, collected, list)) {
        rc = 0;
        break;
      }
      // migrate_longterm_unpinnable_folios() (§3.5), its migration run from here for the same
      // reason: drop every pin, migrate, put back what is left; GUP_RETRY or a negative errno.
      rc = migrateLongtermDropPins(k, pages, n, list);
      if (rc === 0) {
        yield k.cost(n * k.costs.gup_per_page_ns);
        const ret = list.length > 0 ? yield* migratePages(k, list, MIGRATE_SYNC, "longterm_pin") : 0;
        rc = migrateLongtermFinish(k, pages, list, ret);
      }
      if (rc !== GUP_RETRY) break;
    }
    task.pfMemallocPin = saved;
    VM_WARN_ON_ONCE(rc > 0, "__gup_longterm_locked left its loop asking for a retry");
    ret = rc !== 0 ? rc : n;
  }
  k.traceFunc("func_return", "__gup_longterm_locked", ret);
  pinExit(k, exit, flags, pages, nr, ret);
  return ret;
}

/**
 * __get_user_pages_locked(): fault in and grab each page; stops at a VMA hole (§10.5 C10). The
 * pages grabbed replace the entries of `pages` from index `at` on (`pages.length`: appended).
 */
function* __getUserPagesLocked(
  k: Kernel,
  mm: Mm,
  start: number,
  nr: number,
  flags: number,
  pages: number[],
  at: number,
): Proc<number> {
  const write = (flags & FOLL_WRITE) !== 0;
  let w = at; // the next entry of `pages` to write
  for (let i = 0; i < nr; i++) {
    const page = start + i;
    const vma = findVma(mm, page);
    if (vma === null) {
      pages.length = w;
      return i > 0 ? i : -EFAULT;
    }
    for (;;) {
      k.touchPte(vma, page - vma.start, false);
      const pte = vma.pte[page - vma.start]!;
      if (isMigrationEntry(pte)) {
        // migration_entry_wait(): sleep until the migration finishes or is undone.
        yield* wait(k.migrationWaitQueue(migrationEntryFolio(pte)));
        continue;
      }
      if (pte === PTE_NONE || (write && pte === k.zeroFolio)) {
        if (write && pte === k.zeroFolio) {
          k.touchPte(vma, page - vma.start, true);
          vma.pte[page - vma.start] = PTE_NONE;
        }
        const r = yield* handleMmFault(k, vma, page, write);
        if (r < 0) {
          pages.length = w;
          return i > 0 ? i : r;
        }
        continue;
      }
      tryGrabFolio(k, pte, flags);
      // FOLL_TOUCH: follow_page_pte() marks the folio accessed (may queue its activation).
      if (flags & FOLL_TOUCH && pte !== k.zeroFolio) folioMarkAccessed(k, pte);
      pages[w++] = pte;
      break;
    }
    yield k.cost(k.costs.gup_per_page_ns);
  }
  pages.length = w;
  VM_WARN_ON_ONCE(w - at !== nr, "__get_user_pages_locked: page count returned != pages grabbed");
  return nr;
}

/** try_grab_folio() (§1.1): FOLL_PIN is +1024 on a small folio, +1 and _pincount+1 on a large one. */
export function tryGrabFolio(k: Kernel, f: number, flags: number): void {
  const t = k.folios;
  VM_WARN_ON_ONCE_FOLIO(t.refcount[f]! <= 0, k, f, "try_grab_folio of a folio with no reference");
  VM_BUG_ON(
    (flags & FOLL_PIN) !== 0 && (flags & FOLL_GET) !== 0,
    "try_grab_folio with FOLL_GET and FOLL_PIN",
  );
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
  VM_BUG_ON_FOLIO(t.held(f, H_GUP_PIN) === 0, k, f, "unpin of a folio that holds no pin");
  VM_BUG_ON_FOLIO(t.hasPincount(f) && t.pincount[f]! <= 0, k, f, "_pincount underflow");
  if (t.hasPincount(f)) t.pincount[f] = t.pincount[f]! - 1;
  k.counters.nr_foll_pin_released++;
  k.folioPut(f, H_GUP_PIN);
}

export function unpinUserPages(k: Kernel, pages: readonly number[]): void {
  for (const f of pages) {
    VM_BUG_ON(f < 0, "unpin_user_pages of an empty entry");
    unpinFolio(k, f);
  }
}

/** put_page() for FOLL_GET references; FOLL_GET did take one on the zero page too (only pins skip it). */
export function putUserPages(k: Kernel, pages: readonly number[]): void {
  for (const f of pages) {
    VM_BUG_ON_FOLIO(
      k.folios.held(f, H_GUP_GET) === 0,
      k,
      f,
      "put_page of a folio that holds no FOLL_GET reference",
    );
    k.folioPut(f, H_GUP_GET);
  }
}

/** check_and_migrate_movable_pages()'s test: nothing collected (by the config's rule), keep the pins. */
function keepsPins(k: Kernel, collected: number, list: readonly number[]): boolean {
  const nothing = k.config.collect_success_if_list_empty ? list.length === 0 : collected === 0;
  // Keeping the pins with folios isolated would strand them off the LRU and NR_ISOLATED up.
  VM_BUG_ON(nothing && list.length !== 0, "pins kept with folios isolated");
  return nothing;
}

/**
 * collect_longterm_unpinnable_folios() with the drain rules of §3.4.1; the folios isolated go in
 * `list` (empty on entry). At the first one, `list` is sized for every page left and trimmed at
 * the end: growing a list of 1M folios push by push costs ~2.5 times as much (fresh memory each
 * time), and a pass that isolates nothing allocates nothing.
 */
function* collectLongtermUnpinnableFolios(
  k: Kernel,
  pages: number[],
  n: number,
  list: number[],
): Proc<number> {
  k.traceFunc("func_begin", "collect_longterm_unpinnable_folios");
  const t = k.folios;
  const drained: Drained = { state: LRU_CACHE_NOT_DRAINED };
  let collected = 0;
  let w = 0; // the next entry of `list` to write
  VM_BUG_ON(list.length !== 0, "collect into a list not empty");
  for (let i = 0; i < n; i++) {
    const f = pages[i]!;
    if (i > 0 && pages[i - 1] === f) continue; // one visit per contiguous run of a large folio
    yield k.cost(k.costs.gup_per_page_ns / 2);
    k.touch(folioKey(f), false); // its flags, zone and migratetype are read below
    if (folioIsLongtermPinnable(k, f)) continue;
    collected++;
    if (t.test(f, F_DEVICE_COHERENT)) continue;
    if (t.test(f, F_HUGETLB)) {
      if (!folioIsolateHugetlb(k, f)) continue;
      if (w === 0) sizeList(list, n - i);
      list[w++] = f;
      continue;
    }
    // Once all CPUs are drained, collectDrain() decides nothing more in this pass and only
    // traces that: untraced, its two generators per folio are skipped.
    if (drained.state !== LRU_CACHE_DRAINED_ALL || k.tracer !== null) yield* collectDrain(k, f, drained);
    if (!folioIsolateLru(k, f)) continue;
    if (w === 0) sizeList(list, n - i);
    list[w++] = f;
    nodeStatModFolio(k, f, NR_ISOLATED_ANON + folioIsFileLru(k, f), t.nrPages(f));
    yield k.cost(k.costs.isolate_ns);
  }
  list.length = w;
  VM_WARN_ON_ONCE(list.length > collected, "collected fewer folios than isolated");
  for (const f of list) VM_BUG_ON_FOLIO(!t.test(f, F_ISOLATED), k, f, "collected folio not isolated");
  k.traceFunc("func_end", "collect_longterm_unpinnable_folios", collected);
  return collected;
}

function sizeList(list: number[], nr: number): void {
  list.length = nr;
  list.fill(-1);
}

/** The `drained` state of one collect pass (the mm tree's enum; 6.17's tri-state int, §3.4.1). */
export const LRU_CACHE_NOT_DRAINED = 0;
export const LRU_CACHE_DRAINED = 1;
export const LRU_CACHE_DRAINED_ALL = 2;
interface Drained {
  state: typeof LRU_CACHE_NOT_DRAINED | typeof LRU_CACHE_DRAINED | typeof LRU_CACHE_DRAINED_ALL;
}

/**
 * The per-version drain step of collect for one unpinnable folio (§3.4.1): at most one local and
 * one global drain per pass. Traced as pinsim's collect_drain_decision event.
 */
function* collectDrain(k: Kernel, f: number, drained: Drained): Proc {
  const before = drained.state;
  const batchRefsBefore = batchRefs(k, f);
  const extraRefs = k.config.collect_extra_refs === "one" ? 1 : pinRefs(k, f);
  // A kernel with the local-drain-first structure (Hugh's 6.1.155 backports) stages its drains
  // local then global whatever its test, the old !folio_test_lru() one included.
  if (k.config.collect_drain_test === "lru-flag" && !k.config.collect_local_drain_first)
    yield* drainIfNotLru(k, f, extraRefs, drained);
  else yield* lruCacheDrainForFolio(k, f, extraRefs, drained);
  VM_BUG_ON(drained.state < before, "collect un-drained");
  const action = drained.state === before ? "none" : drained.state === LRU_CACHE_DRAINED ? "local" : "global";
  traceCollectDrainDecision(k, f, {
    extraRefs,
    action,
    drainedBefore: before,
    batchRefsBefore,
    batchRefsAfter: batchRefs(k, f),
  });
}

/** ≤ 6.16, inline in collect: one lru_add_drain_all() for the first folio the rule picks (!lru). */
function* drainIfNotLru(k: Kernel, f: number, extraRefs: number, drained: Drained): Proc {
  VM_BUG_ON(drained.state === LRU_CACHE_DRAINED, "a local drain in a kernel that has none in collect");
  if (drained.state === LRU_CACHE_NOT_DRAINED && wantsDrain(k, f, "global", extraRefs, drained)) {
    yield* countedDrain(k, f, true);
    drained.state = LRU_CACHE_DRAINED_ALL;
  }
}

/**
 * lru_cache_drain_for_folio() (the mm tree's name; 6.17 has the same steps inline in collect):
 * drain while the rule says so (the kernel's: `f` holds references beyond its expected ones and
 * the caller's `extraRefs`), first this CPU, then all of them.
 */
function* lruCacheDrainForFolio(k: Kernel, f: number, extraRefs: number, drained: Drained): Proc {
  VM_BUG_ON(extraRefs !== 1 && extraRefs !== GUP_PIN_COUNTING_BIAS, "extra_refs is neither 1 nor a pin");
  if (
    k.config.collect_local_drain_first &&
    drained.state === LRU_CACHE_NOT_DRAINED &&
    wantsDrain(k, f, "local", extraRefs, drained)
  ) {
    yield* countedDrain(k, f, false);
    drained.state = LRU_CACHE_DRAINED;
  }
  if (drained.state !== LRU_CACHE_DRAINED_ALL && wantsDrain(k, f, "global", extraRefs, drained)) {
    yield* countedDrain(k, f, true);
    drained.state = LRU_CACHE_DRAINED_ALL;
  }
}

/** Decision point (a): the config's collect rule (kernel/decisions.ts) on a read-only view of `f`. */
function wantsDrain(k: Kernel, f: number, stage: "local" | "global", extraRefs: number, d: Drained): boolean {
  return decide(collectDrainRule(k.config), collectDrainView(k, f, stage, d.state, extraRefs));
}

/** pin_refs of the 2026 fix: what this caller's own pin adds to the count (§1.3, §3.4.1). */
function pinRefs(k: Kernel, f: number): number {
  VM_BUG_ON_FOLIO(k.folios.test(f, F_ZERO_PAGE), k, f, "pin_refs of the zero page, which pins do not count");
  return k.folios.hasPincount(f) ? 1 : GUP_PIN_COUNTING_BIAS;
}

/** A drain from collect, counted unhelpful if it released no batch reference of `f`. */
function* countedDrain(k: Kernel, f: number, global: boolean): Proc {
  VM_BUG_ON_FOLIO(k.folios.test(f, F_FREED), k, f, "collect drains for a freed folio");
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

/**
 * migrate_longterm_unpinnable_folios() (§3.5), up to the migration: every pin dropped (a
 * device-coherent folio migrated at once). 0, or the negative errno that ends the pin.
 */
function migrateLongtermDropPins(k: Kernel, pages: number[], n: number, list: number[]): number {
  const t = k.folios;
  for (const f of list) VM_BUG_ON_FOLIO(!t.test(f, F_ISOLATED), k, f, "folio to migrate not isolated");
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
  // The caller holds no pins from here on: the isolation references keep the folios.
  for (let i = 0; i < n; i++) VM_BUG_ON(pages[i]! >= 0, "a pin left after the unpin loop");
  return 0;
}

/** migrate_longterm_unpinnable_folios() after migrate_pages() returned `ret`: GUP_RETRY or an errno. */
function migrateLongtermFinish(k: Kernel, pages: number[], list: number[], ret: number): number {
  if (ret !== 0) {
    const errno = k.config.migration_failure_errno === "EAGAIN" ? -EAGAIN : -ENOMEM;
    return failLongterm(k, pages, list, errno);
  }
  putbackMovablePages(k, list);
  VM_BUG_ON(list.length !== 0, "folios left isolated after putback");
  return GUP_RETRY;
}

function failLongterm(k: Kernel, pages: number[], list: number[], errno: number): number {
  for (const f of pages) if (f >= 0) unpinFolio(k, f); // pofs_unpin(): whatever is still pinned
  pages.fill(-1);
  putbackMovablePages(k, list);
  VM_BUG_ON(errno >= 0, "a failed longterm pin without an errno");
  return errno;
}

/**
 * migrate_device_coherent_folio(): the pin became a plain reference; migration needs every other
 * reference gone. Device memory itself is not modelled: on success the folio simply stops being
 * device-coherent, standing for its contents now living in system memory (docs/decisions.md).
 */
function migrateDeviceCoherentFolio(k: Kernel, f: number): number {
  VM_BUG_ON_FOLIO(!k.folios.test(f, F_DEVICE_COHERENT), k, f, "not a device-coherent folio");
  k.folioGet(f, H_GUP_GET);
  unpinFolio(k, f);
  const ok = k.refcount(f) === folioExpectedRefCount(k, f) + 1;
  if (ok) k.folios.clear(f, F_DEVICE_COHERENT);
  k.folioPut(f, H_GUP_GET);
  return ok ? 0 : -EBUSY;
}
