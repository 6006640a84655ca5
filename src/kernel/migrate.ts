// mm/migrate.c: migrate_pages(..., MIGRATE_SYNC, MR_LONGTERM_PIN) (kernel-model.md §6), with
// John Hubbard's RFC waits at both -EAGAIN points when the config enables them (§7.3).

import type { Proc } from "../engine/op.ts";
import { migrateWaitView } from "./decision_views.ts";
import { decide, RuleError, WAIT_HUBBARD_TIMEOUT } from "./decisions.ts";
import { EAGAIN, ENOMEM } from "./errno.ts";
import { folioExpectedRefCount } from "./folio_expected.ts";
import {
  F_ANON,
  F_HUGETLB,
  F_HUGETLB_MIGRATABLE,
  F_ISOLATED,
  PG_active,
  PG_anon_exclusive,
  PG_dirty,
  PG_locked,
  PG_mlocked,
  PG_referenced,
  PG_swapbacked,
  PG_unevictable,
  PG_uptodate,
} from "./folio_flags.ts";
import { H_ALLOC, H_ISOLATION, H_MAPPING, H_PAGECACHE } from "./holders.ts";
import { splitHugePageToList } from "./huge_memory.ts";
import { folioPutbackHugetlb } from "./hugetlb.ts";
import { staticBranchDec, staticBranchInc } from "./jump_label.ts";
import { folioKey, KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { mlockDrainLocal, mlockFolio } from "./mlock.ts";
import {
  isMigrationEntry,
  migrationEntry,
  migrationEntryFolio,
  VM_LOCKED,
  type Vma,
  vmaIsLocked,
} from "./mm.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO, VM_WARN_ON_ONCE, VM_WARN_ON_ONCE_FOLIO } from "./mmdebug.ts";
import { folioAlloc, MIGRATE_CMA, ZONE_MOVABLE } from "./page_alloc.ts";
import { folioTestWriteback, folioWaitWriteback } from "./page_writeback.ts";
import { folioAddLru, folioIsFileLru, lruAddDrainCpu } from "./swap.ts";
import { traceMmMigratePages, traceMmMigratePagesStart, traceRefcountCheck } from "./trace_events.ts";
import { folioPutbackLru } from "./vmscan.ts";
import { countVmEvents, NR_ISOLATED_ANON, nodeStatModFolio } from "./vmstat.ts";
import { waitVarEventTimeout } from "./wait.ts";

export const MIGRATE_ASYNC = 0;
export const MIGRATE_SYNC_LIGHT = 1;
export const MIGRATE_SYNC = 2;
export type MigrateMode = typeof MIGRATE_ASYNC | typeof MIGRATE_SYNC_LIGHT | typeof MIGRATE_SYNC;
export type MigrateReason = "longterm_pin" | "compaction";

export const NR_MAX_MIGRATE_PAGES_RETRY = 10;
export const NR_MAX_MIGRATE_ASYNC_RETRY = 3;
export const NR_MAX_MIGRATE_SYNC_RETRY = NR_MAX_MIGRATE_PAGES_RETRY - NR_MAX_MIGRATE_ASYNC_RETRY;
export const NR_MAX_BATCHED_MIGRATION = 512;

const MODE_NAMES = ["MIGRATE_ASYNC", "MIGRATE_SYNC_LIGHT", "MIGRATE_SYNC"] as const;

/** One folio on its way: source, destination, and the page-table entries to restore. */
interface MigrationPair {
  readonly src: number;
  readonly dst: number;
  readonly ptes: { vma: Vma; first: number }[];
  readonly wasMlocked: boolean;
}

interface MigrateStats {
  succeeded: number;
  failed: number;
  /** Pages, as the kernel's nr_succeeded / nr_failed_pages count them for PGMIGRATE_*. */
  succeeded_pages: number;
  failed_pages: number;
  thp_succeeded: number;
  thp_failed: number;
  thp_split: number;
}

/** Context of one migrate_pages() call. */
interface MigrateCtx {
  readonly k: Kernel;
  readonly reason: MigrateReason;
  readonly waits: boolean;
  readonly stats: MigrateStats;
  /** Folios that end up not migrated: spliced back to `from` for the caller's putback. */
  readonly ret: number[];
  readonly split: number[];
  /**
   * The base cost of the step a plain helper (migrateFolioUnmapStart, migrateFolioMoveStep) just
   * took, for its caller to yield: the per-folio steps are not generators of their own, which
   * would cost each a generator object and its caller's loop one more resume level.
   */
  step_ns: number;
  /** The target migrateFolioUnmapStart allocated before it returned UNMAP_WAIT_WRITEBACK. */
  waitDst: number;
}

/**
 * migrate_pages(): returns the number of folios not migrated (0 = all moved) or a negative
 * errno. Folios not migrated are left in `from` for putback_movable_pages().
 */
export function* migratePages(
  k: Kernel,
  from: number[],
  mode: MigrateMode,
  reason: MigrateReason,
): Proc<number> {
  k.traceFunc("func_begin", "migrate_pages");
  for (const f of from)
    VM_BUG_ON_FOLIO(!k.folios.test(f, F_ISOLATED), k, f, "migrate_pages of a folio not isolated");
  traceMmMigratePagesStart(k, MODE_NAMES[mode], reason);
  const waits = rfcWaitApplies(k, from, reason);
  if (waits) yield* staticBranchInc(k);
  const ctx = newMigrateCtx(k, reason, waits);
  // Split only when there is a hugetlb folio: a copy of a list of 1M folios costs ~140 ms here.
  const hasHugetlb = from.some((f) => k.folios.test(f, F_HUGETLB));
  const hugetlb = hasHugetlb ? from.filter((f) => k.folios.test(f, F_HUGETLB)) : [];
  const rest = hasHugetlb ? from.filter((f) => !k.folios.test(f, F_HUGETLB)) : from;
  let rc = yield* migrateHugetlbs(ctx, hugetlb);
  for (let next = 0; rc >= 0 && next < rest.length; ) {
    const batch = takeBatch(k, rest, next);
    next += batch.length;
    let r: number;
    if (k.config.migrate_pages_per_folio) r = yield* migratePagesPerFolio(ctx, batch, mode);
    else if (mode === MIGRATE_ASYNC)
      r = yield* migratePagesBatch(ctx, batch, mode, NR_MAX_MIGRATE_PAGES_RETRY, 0);
    else {
      // migrate_pages_sync() (§6.3) starts with one ASYNC batch, run from here rather than from
      // a generator level of its own that each of the batch's steps would resume.
      const saved = ctx.ret.length;
      r = yield* migratePagesBatch(ctx, batch, MIGRATE_ASYNC, NR_MAX_MIGRATE_ASYNC_RETRY, 0);
      if (r >= 0 && ctx.ret.length > saved) r = yield* migratePagesSync(ctx, saved, mode);
    }
    if (r < 0) {
      rc = r;
      for (let i = next; i < rest.length; i++) ctx.ret.push(rest[i]!);
    }
  }
  // Split pieces get one more ASYNC pass (before 6.3: a full round); their failures are not counted again (§6.2).
  if (rc >= 0 && ctx.split.length > 0) {
    const pieces = ctx.split.splice(0);
    const before = ctx.stats.failed;
    // Before 6.3 the pieces went back on the list for a full round of passes (§6.4).
    if (k.config.migrate_pages_per_folio) yield* migratePagesPerFolio(ctx, pieces, mode);
    else yield* migratePagesBatch(ctx, pieces, MIGRATE_ASYNC, 1, 0);
    ctx.stats.failed = before;
  }
  from.length = 0;
  for (const f of ctx.ret) from.push(f);
  if (waits) yield* staticBranchDec(k);
  return migratePagesEnd(ctx, from, rc, mode);
}

function newMigrateCtx(k: Kernel, reason: MigrateReason, waits: boolean): MigrateCtx {
  const stats = {
    succeeded: 0,
    failed: 0,
    succeeded_pages: 0,
    failed_pages: 0,
    thp_succeeded: 0,
    thp_failed: 0,
    thp_split: 0,
  };
  return { k, reason, waits, stats, ret: [], split: [], step_ns: 0, waitDst: -1 };
}

/** migrate_pages()'s way out: counters, events, trace; its return value. */
function migratePagesEnd(ctx: MigrateCtx, from: readonly number[], rc: number, mode: MigrateMode): number {
  const { k, reason } = ctx;
  k.counters.migrate_succeeded += ctx.stats.succeeded;
  k.counters.migrate_failed += ctx.stats.failed;
  countMigrateEvents(k, ctx.stats);
  traceMmMigratePages(k, ctx.stats, MODE_NAMES[mode], reason);
  // A list that ended up empty (e.g. every piece of a split folio moved) is success (§6.2).
  const result = rc < 0 ? rc : from.length === 0 ? 0 : ctx.stats.failed;
  // What is not migrated goes back to the caller still isolated, and is reported as failed.
  for (const f of from)
    VM_BUG_ON_FOLIO(!k.folios.test(f, F_ISOLATED), k, f, "folio not migrated lost isolation");
  VM_WARN_ON_ONCE(from.length > 0 && result === 0, "migrate_pages reports success with folios left over");
  k.traceFunc("func_end", "migrate_pages", result);
  return result;
}

/** The vm events migrate_pages() counts on its way out, in pages. */
function countMigrateEvents(k: Kernel, s: MigrateStats): void {
  countVmEvents(k, "pgmigrate_success", s.succeeded_pages);
  countVmEvents(k, "pgmigrate_fail", s.failed_pages);
  countVmEvents(k, "thp_migration_success", s.thp_succeeded);
  countVmEvents(k, "thp_migration_fail", s.thp_failed);
  countVmEvents(k, "thp_migration_split", s.thp_split);
}

/** An allocation failed for good: these folios go back to the caller as failed (-ENOMEM). */
function failForGood(ctx: MigrateCtx, folios: readonly number[]): void {
  ctx.ret.push(...folios);
  ctx.stats.failed += folios.length;
  ctx.stats.failed_pages += pagesOf(ctx.k, folios);
}

function pagesOf(k: Kernel, folios: readonly number[]): number {
  let n = 0;
  for (const f of folios) n += k.folios.nrPages(f);
  return n;
}

function rfcWaitApplies(k: Kernel, from: readonly number[], reason: MigrateReason): boolean {
  const w = k.config.hubbard_wait;
  VM_BUG_ON(w.enabled && w.timeout_ns < 0, "negative RFC wait timeout");
  // A patch's own wait rule (decision point b) waits for longterm pins like the RFC.
  if (k.config.rules?.migrateWait !== undefined && reason === "longterm_pin") return true;
  if (!w.enabled) return false;
  if (reason === "longterm_pin") return true;
  return w.scope === "all-movable" && from.some((f) => k.folios.zone[f] === ZONE_MOVABLE);
}

/** Up to NR_MAX_BATCHED_MIGRATION base pages of `list`, starting at `from`. */
function takeBatch(k: Kernel, list: readonly number[], from: number): number[] {
  const out: number[] = [];
  let pages = 0;
  for (let i = from; i < list.length; i++) {
    const f = list[i]!;
    const n = k.folios.nrPages(f);
    if (out.length > 0 && pages + n > NR_MAX_BATCHED_MIGRATION) break;
    out.push(f);
    pages += n;
  }
  VM_BUG_ON(out.length === 0 && from < list.length, "an empty migration batch");
  return out;
}

/**
 * Before 6.3: each pass runs unmap_and_move() on every folio still to go: unmap, check, move at
 * once, or restore the PTEs and retry it next pass. All 10 passes run in `mode`; the first 3 are
 * not forced (force = pass > 2): a locked folio, or one under writeback, is retried, not waited
 * for (§6.4, §6.9).
 */
function* migratePagesPerFolio(ctx: MigrateCtx, list: number[], mode: MigrateMode): Proc<number> {
  const { k } = ctx;
  let retry = list;
  for (let pass = 0; pass < NR_MAX_MIGRATE_PAGES_RETRY && retry.length > 0; pass++) {
    const again: number[] = [];
    for (let i = 0; i < retry.length; i++) {
      const src = retry[i]!;
      const r = yield* migrateFolioUnmap(ctx, src, mode, pass > 2);
      if (r === "done") continue;
      if (typeof r === "string") {
        const next = yield* unmapFailed(ctx, src, r, pass);
        if (next === "retry") again.push(src);
        if (next !== "enomem") continue;
        failForGood(ctx, [src, ...retry.slice(i + 1), ...again]);
        return -ENOMEM;
      }
      if (!(yield* migrateFolioMove(ctx, r, pass + 1))) {
        countEagain(k, pass);
        migrateFolioRestore(ctx, r);
        again.push(src);
        yield* rfcWait(ctx, src, "move");
      }
    }
    retry = again;
  }
  for (const src of retry) failFolio(ctx, src);
  return 0;
}

/**
 * migrate_pages_sync() after its ASYNC batch of 3 passes (migratePages() runs that): each folio
 * the batch failed (ctx.ret from `saved` on) is retried alone with 7 SYNC passes (§6.3).
 */
function* migratePagesSync(ctx: MigrateCtx, saved: number, mode: MigrateMode): Proc<number> {
  VM_BUG_ON(mode === MIGRATE_ASYNC, "migrate_pages_sync in MIGRATE_ASYNC mode");
  const failedAsync = ctx.ret.splice(saved);
  // The async batch's failures are retried, so none of its failure counts survive (§6.3).
  ctx.stats.failed -= failedAsync.length;
  ctx.stats.failed_pages -= pagesOf(ctx.k, failedAsync);
  ctx.stats.thp_failed -= failedAsync.filter((f) => ctx.k.folios.isLarge(f)).length;
  for (const f of failedAsync) {
    const r = yield* migratePagesBatch(ctx, [f], mode, NR_MAX_MIGRATE_SYNC_RETRY, NR_MAX_MIGRATE_ASYNC_RETRY);
    if (r < 0) return r;
  }
  return 0;
}

/**
 * migrate_pages_batch(): an unmap phase and a move phase of up to `nrPass` back-to-back passes
 * each (§6.4). `passBase` numbers the passes for the per-pass counters (sync passes are 4..10).
 */
function* migratePagesBatch(
  ctx: MigrateCtx,
  from: number[],
  mode: MigrateMode,
  nrPass: number,
  passBase: number,
): Proc<number> {
  const { k } = ctx;
  VM_BUG_ON(
    nrPass < 1 || passBase + nrPass > NR_MAX_MIGRATE_PAGES_RETRY,
    "migrate_pages_batch: passes out of range",
  );
  // Both phases' steps are yielded here, not in a generator per folio (see MigrateCtx.step_ns).
  const unmapped: MigrationPair[] = [];
  let rc = 0;
  let retry = from;
  for (let pass = 0; rc === 0 && pass < nrPass && retry.length > 0; pass++) {
    const again: number[] = [];
    for (let i = 0; i < retry.length; i++) {
      const src = retry[i]!;
      k.traceFunc("func_begin", "migrate_folio_unmap");
      let r = migrateFolioUnmapStart(ctx, src, mode, true);
      if (r === UNMAP_WAIT_WRITEBACK) r = yield* unmapAfterWriteback(ctx, src);
      yield k.cost(ctx.step_ns);
      k.traceFunc("func_end", "migrate_folio_unmap", typeof r === "string" ? 0 : 1);
      if (r === "done") continue;
      if (typeof r !== "string") {
        unmapped.push(r);
        continue;
      }
      const next = yield* unmapFailed(ctx, src, r, passBase + pass);
      if (next === "retry") again.push(src);
      if (next !== "enomem") continue;
      // Allocation failed for good: what is unmapped still moves; the rest fails with -ENOMEM.
      failForGood(ctx, [src, ...retry.slice(i + 1), ...again]);
      rc = -ENOMEM;
      break;
    }
    retry = again;
  }
  if (rc === 0) for (const src of retry) failFolio(ctx, src);
  for (const pair of unmapped)
    VM_BUG_ON_FOLIO(k.folios.mapcount[pair.src]! !== 0, k, pair.src, "unmapped folio mapped");
  let moving = unmapped;
  for (let pass = 0; pass < nrPass && moving.length > 0; pass++) {
    const again: MigrationPair[] = [];
    for (const pair of moving) {
      k.traceFunc("func_begin", "migrate_folio_move");
      const ok = migrateFolioMoveStep(ctx, pair, passBase + pass + 1);
      yield k.cost(ctx.step_ns);
      k.traceFunc("func_end", "migrate_folio_move", ok ? 0 : -EAGAIN);
      if (ok) continue;
      countEagain(k, passBase + pass);
      again.push(pair);
      yield* rfcWait(ctx, pair.src, "move");
    }
    moving = again;
  }
  for (const pair of moving) migrateFolioUndo(ctx, pair);
  return rc;
}

function countEagain(k: Kernel, passIndex: number): void {
  VM_BUG_ON(
    passIndex < 0 || passIndex >= NR_MAX_MIGRATE_PAGES_RETRY,
    "-EAGAIN in a pass that does not exist",
  );
  k.counters.migrate_eagain++;
  k.counters.migrate_eagain_by_pass[passIndex] = (k.counters.migrate_eagain_by_pass[passIndex] ?? 0) + 1;
}

function failFolio(ctx: MigrateCtx, src: number): void {
  VM_BUG_ON_FOLIO(!ctx.k.folios.test(src, F_ISOLATED), ctx.k, src, "failed folio not isolated");
  ctx.ret.push(src);
  ctx.stats.failed++;
  ctx.stats.failed_pages += ctx.k.folios.nrPages(src);
  if (ctx.k.folios.isLarge(src)) ctx.stats.thp_failed++;
}

/**
 * The RFC's wait at an -EAGAIN point: until refcount <= expected + 1 or the timeout (§7.3). How
 * long, or whether at all, is decision point (b): the config's wait rule (kernel/decisions.ts).
 */
function* rfcWait(ctx: MigrateCtx, src: number, phase: "unmap" | "move"): Proc {
  if (!ctx.waits) return;
  const { k } = ctx;
  VM_BUG_ON(k.folioPutWakeupKey <= 0, "the RFC waits with folio_put_wakeup_key off");
  const rule = k.config.rules?.migrateWait ?? WAIT_HUBBARD_TIMEOUT;
  const timeout_ns = decide(rule, migrateWaitView(k, src, ctx.reason, phase));
  if (timeout_ns === null) return;
  if (typeof timeout_ns !== "number" || !(timeout_ns >= 0))
    throw new RuleError(
      `decision rule "${rule.name}" returned ${String(timeout_ns)}: a wait in ns ≥ 0, or null`,
    );
  const expected = folioExpectedRefCount(k, src) + 1;
  yield* waitVarEventTimeout(k, src, () => k.folios.refcount[src]! <= expected, timeout_ns);
}

type UnmapResult = "done" | "eagain" | "ebusy" | "enomem" | MigrationPair;

/**
 * What a pass does with a folio whose unmap failed, in both pass loops: -EAGAIN retries it next
 * pass (after the RFC's wait); -EBUSY (under writeback in an async pass, §6.9) fails it for this
 * call; -ENOMEM splits a THP and retries the pieces, or ends the whole call with -ENOMEM.
 */
function* unmapFailed(
  ctx: MigrateCtx,
  src: number,
  r: "eagain" | "ebusy" | "enomem",
  pass: number,
): Proc<"retry" | "skip" | "enomem"> {
  const { k } = ctx;
  if (r === "eagain") {
    countEagain(k, pass);
    yield* rfcWait(ctx, src, "unmap");
    return "retry";
  }
  if (r === "ebusy") {
    failFolio(ctx, src);
    return "skip";
  }
  if (!k.folios.isLarge(src) || k.folios.test(src, F_HUGETLB)) return "enomem";
  return (yield* trySplitFolio(ctx, src)) === "eagain" ? "retry" : "skip";
}

/**
 * migrate_folio_unmap() (§6.5); before 6.3 the unmap half of __unmap_and_move(), whose `force`
 * (pass > 2) decides whether a locked folio or one under writeback is waited for. From 6.3 there
 * is no force: the mode alone decides, as `force` true does here. migratePagesBatch() does the
 * same steps inline.
 */
function* migrateFolioUnmap(
  ctx: MigrateCtx,
  src: number,
  mode: MigrateMode,
  force: boolean,
): Proc<UnmapResult> {
  const { k } = ctx;
  k.traceFunc("func_begin", "migrate_folio_unmap");
  let r = migrateFolioUnmapStart(ctx, src, mode, force);
  if (r === UNMAP_WAIT_WRITEBACK) r = yield* unmapAfterWriteback(ctx, src);
  yield k.cost(ctx.step_ns);
  k.traceFunc("func_end", "migrate_folio_unmap", typeof r === "string" ? 0 : 1);
  return r;
}

/** migrateFolioUnmapStart() found the locked folio under writeback and waits for it here. */
const UNMAP_WAIT_WRITEBACK = 0;

/**
 * migrate_folio_unmap() up to its step's end (cost in ctx.step_ns), or UNMAP_WAIT_WRITEBACK with
 * the folio locked and its target in ctx.waitDst: then unmapAfterWriteback() goes on.
 */
function migrateFolioUnmapStart(
  ctx: MigrateCtx,
  src: number,
  mode: MigrateMode,
  force: boolean,
): UnmapResult | typeof UNMAP_WAIT_WRITEBACK {
  const { k } = ctx;
  const t = k.folios;
  VM_BUG_ON_FOLIO(
    !t.test(src, F_ISOLATED) || t.held(src, H_ISOLATION) !== 1,
    k,
    src,
    "unmap of a folio not isolated",
  );
  if (k.refcount(src) === 1) {
    // Only our isolation reference is left: the folio was freed under us.
    t.clear(src, PG_active);
    t.clear(src, PG_unevictable);
    migrateFolioDone(k, src);
    ctx.stats.succeeded++;
    ctx.stats.succeeded_pages += t.nrPages(src);
    ctx.step_ns = k.costs.isolate_ns;
    return "done";
  }
  const dst = allocMigrationTarget(k, src);
  if (dst < 0) {
    ctx.step_ns = k.costs.isolate_ns;
    return "enomem";
  }
  // Only migration locks a folio in pinsim, and isolation keeps two migrations apart: a
  // waiting folio_lock() would never wait, so it is not modelled.
  if (t.test(src, PG_locked) && (mode === MIGRATE_ASYNC || !force)) {
    freeDst(k, dst);
    ctx.step_ns = k.costs.migrate_eagain_ns;
    return "eagain";
  }
  k.touch(folioKey(src), true);
  t.set(src, PG_locked);
  const wb = migrateWriteback(k, src, mode, force);
  if (wb === "wait") {
    ctx.waitDst = dst;
    return UNMAP_WAIT_WRITEBACK;
  }
  if (wb !== null) {
    t.clear(src, PG_locked);
    freeDst(k, dst);
    ctx.step_ns = k.costs.migrate_eagain_ns;
    return wb;
  }
  return migrateFolioUnmapLocked(ctx, src, dst);
}

function* unmapAfterWriteback(ctx: MigrateCtx, src: number): Proc<MigrationPair> {
  const dst = ctx.waitDst;
  yield* folioWaitWriteback(ctx.k, src);
  return migrateFolioUnmapLocked(ctx, src, dst);
}

/** The locked folio, not under writeback (any more), is unmapped: the pair to move. */
function migrateFolioUnmapLocked(ctx: MigrateCtx, src: number, dst: number): MigrationPair {
  const { k } = ctx;
  const t = k.folios;
  const wasMlocked = t.test(src, PG_mlocked);
  const { ptes, drained } = tryToMigrate(k, src);
  VM_BUG_ON_FOLIO(t.mapcount[src] !== 0, k, src, "still mapped after try_to_migrate");
  ctx.step_ns = k.costs.migrate_unmap_ns + drained * k.costs.lru_move_per_folio_ns;
  return { src, dst, ptes, wasMlocked };
}

/**
 * A locked folio under writeback (§6.9): only MIGRATE_SYNC waits for the I/O to end ("wait"), and
 * before 6.3 only in a forced pass (a pass before that retries it); any other mode gives up on it
 * for this call (-EBUSY). hugetlb migration never looks at writeback. null: go on and unmap.
 */
function migrateWriteback(
  k: Kernel,
  src: number,
  mode: MigrateMode,
  force: boolean,
): "eagain" | "ebusy" | "wait" | null {
  if (k.folios.test(src, F_HUGETLB) || !folioTestWriteback(k, src)) return null;
  if (mode !== MIGRATE_SYNC) return "ebusy";
  if (!force) return "eagain";
  return "wait";
}

/** alloc_migration_target() with GFP_USER under PF_MEMALLOC_PIN: never ZONE_MOVABLE or CMA. */
function allocMigrationTarget(k: Kernel, src: number): number {
  const t = k.folios;
  const dst = folioAlloc(k, t.order[src]!, false);
  if (dst < 0) return -1;
  // The whole point of the migration: a target a longterm pin may keep.
  VM_BUG_ON_FOLIO(
    t.zone[dst] === ZONE_MOVABLE || t.migratetype[dst] === MIGRATE_CMA,
    k,
    dst,
    "unpinnable target",
  );
  t.set(dst, PG_locked);
  if (t.test(src, F_HUGETLB)) t.set(dst, F_HUGETLB);
  return dst;
}

function freeDst(k: Kernel, dst: number): void {
  VM_BUG_ON_FOLIO(
    k.folios.refcount[dst] !== 1 || k.folios.held(dst, H_ALLOC) !== 1,
    k,
    dst,
    "target still in use",
  );
  k.folios.clear(dst, PG_locked);
  k.folioPut(dst, H_ALLOC);
}

/**
 * try_to_migrate(): every mapping becomes a migration entry; mapcount and mapping refs drop.
 * try_to_migrate_one() drains the local mlock batch after unmapping from a VM_LOCKED vma
 * (mm/rmap.c, 5.18+), so an mlock-batch reference taken on this CPU is gone before the
 * refcount check. Returns the PTEs to restore and how many mlock-batch entries were drained.
 */
function tryToMigrate(k: Kernel, src: number): { ptes: { vma: Vma; first: number }[]; drained: number } {
  const t = k.folios;
  const out: { vma: Vma; first: number }[] = [];
  let drained = 0;
  VM_BUG_ON_FOLIO(!t.test(src, PG_locked), k, src, "try_to_migrate of an unlocked folio");
  k.touch(KEY_PAGE_TABLES, false); // the VMA list of the rmap walk
  for (const vma of rmapVmas(k, src)) {
    const first = t.test(src, F_ANON) ? t.index[src]! : t.index[src]! - vma.pgoff;
    if (first < 0 || first >= vma.nrPages) continue;
    k.touchPte(vma, first, true);
    if (vma.pte[first] !== src) continue;
    const n = t.nrPages(src);
    touchPtes(k, vma, first, n);
    for (let p = 0; p < n; p++) vma.pte[first + p] = migrationEntry(src);
    t.mapcount[src] = t.mapcount[src]! - 1;
    k.folioPut(src, H_MAPPING);
    out.push({ vma, first });
    if (vma.flags & VM_LOCKED) drained += mlockDrainLocal(k);
  }
  return { ptes: out, drained };
}

/** Entries first..first+n-1 of `vma` are written. */
function touchPtes(k: Kernel, vma: Vma, first: number, n: number): void {
  for (let p = 0; p < n; p++) k.touchPte(vma, first + p, true);
}

/** The VMAs that may map folio `f` (rmap walk: anon_vma or the file's i_mmap). */
function rmapVmas(k: Kernel, f: number): Vma[] {
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.test(f, F_ANON) && t.mapping[f]! >= k.vmas.length, k, f, "anon folio of no vma");
  if (t.mapping[f]! < 0) return [];
  if (t.test(f, F_ANON)) return [k.vmas[t.mapping[f]!]!];
  return k.vmas.filter((v) => !v.unmapped && v.mapping !== null && v.mapping.id === t.mapping[f]);
}

/**
 * migrate_folio_move(): move_to_new_folio(), whose refcount check decides the outcome (§6.6),
 * then the old folio is done and the new one goes where it was. Returns false on -EAGAIN (the
 * folio stays unmapped for the next pass).
 */
function* migrateFolioMove(ctx: MigrateCtx, pair: MigrationPair, pass: number): Proc<boolean> {
  const { k } = ctx;
  k.traceFunc("func_begin", "migrate_folio_move");
  const ok = migrateFolioMoveStep(ctx, pair, pass);
  yield k.cost(ctx.step_ns);
  k.traceFunc("func_end", "migrate_folio_move", ok ? 0 : -EAGAIN);
  return ok;
}

/** migrate_folio_move()'s one step, its cost left in ctx.step_ns (migratePagesBatch() yields it). */
function migrateFolioMoveStep(ctx: MigrateCtx, pair: MigrationPair, pass: number): boolean {
  const { k } = ctx;
  const { src, dst } = pair;
  const t = k.folios;
  VM_BUG_ON_FOLIO(
    !t.test(src, PG_locked) || !t.test(src, F_ISOLATED),
    k,
    src,
    "move of a folio not locked and isolated",
  );
  VM_BUG_ON_FOLIO(!t.test(dst, PG_locked), k, dst, "move to an unlocked target");
  k.counters.migrate_attempts++;
  if (moveToNewFolio(k, dst, src, pass) === -EAGAIN) {
    ctx.step_ns = k.costs.migrate_eagain_ns;
    return false;
  }
  const large = t.isLarge(src);
  t.clear(src, PG_locked);
  migrateFolioDone(k, src); // the source is now free
  let cost_ns = k.costs.migrate_move_per_page_ns * t.nrPages(dst);
  if (!t.test(dst, F_HUGETLB)) {
    folioAddLru(k, dst);
    const rule = k.config.migrate_drain_after_move;
    const drain = rule === "mapped" ? pair.ptes.length > 0 : rule === "mlocked" && pair.wasMlocked;
    // The local lru_add_drain() after the move; its cost folds into this step.
    if (drain)
      cost_ns += k.costs.local_drain_ns + lruAddDrainCpu(k, k.current().cpu) * k.costs.lru_move_per_folio_ns;
  }
  removeMigrationPtes(k, pair);
  t.clear(dst, PG_locked);
  k.folioPut(dst, H_ALLOC);
  ctx.stats.succeeded++;
  ctx.stats.succeeded_pages += t.nrPages(dst);
  if (large) ctx.stats.thp_succeeded++;
  VM_WARN_ON_ONCE_FOLIO(!t.isFreed(src), k, src, "old folio survived its migration");
  ctx.step_ns = cost_ns;
  return true;
}

/**
 * move_to_new_folio(): hands the move to the mapping's migrate_folio operation, which for anon,
 * shmem and (in pinsim) hugetlbfs folios alike is migrate_folio(). 0 or -EAGAIN. `pass` only
 * numbers pinsim's refcount_check event.
 */
function moveToNewFolio(k: Kernel, dst: number, src: number, pass: number): number {
  const rc = migrateFolio(k, dst, src, pass);
  VM_BUG_ON(rc !== 0 && rc !== -EAGAIN, "migrate_folio failed other than with -EAGAIN");
  return rc;
}

/** migrate_folio() (with __migrate_folio() folded in): mapping and count first, then the flags. */
function migrateFolio(k: Kernel, dst: number, src: number, pass: number): number {
  VM_BUG_ON_FOLIO(k.folios.mapping[dst] !== -1, k, dst, "target already belongs to a mapping");
  // Besides what folio_expected_ref_count() counts, only the migration's isolation reference.
  const rc = __folioMigrateMapping(k, dst, src, folioExpectedRefCount(k, src) + 1, pass);
  if (rc !== 0) return rc;
  folioMigrateFlags(k, dst, src);
  return 0;
}

/** Flags the new folio takes over from the old one. */
const MIGRATE_FLAGS =
  F_ANON |
  PG_swapbacked |
  PG_dirty |
  PG_uptodate |
  PG_referenced |
  PG_active |
  PG_anon_exclusive |
  F_HUGETLB_MIGRATABLE;

/**
 * __folio_migrate_mapping(): the check that decides every migration (§6.6): any reference beyond
 * `expectedCount` (a pin, a batch, a transient holder) makes it -EAGAIN. Otherwise the new folio
 * takes the old one's place in its mapping. pinsim copies the flags here, before the page-cache
 * references move, where the kernel copies most of them just after (folio_migrate_flags()):
 * only the flags page_ref_mod prints can tell.
 */
function __folioMigrateMapping(
  k: Kernel,
  dst: number,
  src: number,
  expectedCount: number,
  pass: number,
): number {
  const t = k.folios;
  const count = k.refcount(src);
  traceRefcountCheck(k, src, count, expectedCount, pass);
  VM_WARN_ON_ONCE_FOLIO(
    count < expectedCount,
    k,
    src,
    "fewer references than its mapping and isolation hold",
  );
  if (count !== expectedCount) return -EAGAIN;
  const nr = t.nrPages(src);
  t.set(dst, t.flags[src]! & MIGRATE_FLAGS);
  t.mapping[dst] = t.mapping[src]!;
  t.index[dst] = t.index[src]!;
  if (!t.test(src, F_ANON) && t.mapping[src]! >= 0) {
    const space = k.spaces[t.mapping[src]!]!;
    for (let p = 0; p < nr; p++) k.touchPageCache(space, t.index[src]! + p, true);
    for (let p = 0; p < nr; p++) space.pages[t.index[src]! + p] = dst;
    k.folioGet(dst, H_PAGECACHE, nr);
    k.folioPut(src, H_PAGECACHE, nr);
  }
  return 0;
}

/** folio_migrate_flags(): the old folio gives up its LRU state (the new one has its flags). */
function folioMigrateFlags(k: Kernel, dst: number, src: number): void {
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.mapping[dst] !== t.mapping[src], k, dst, "flags migrated before the mapping");
  t.clear(src, PG_mlocked);
  t.clear(src, PG_unevictable);
  t.clear(src, PG_active);
}

/** remove_migration_ptes(): map `dst` where `src` was; VM_LOCKED vmas mlock it again (§5.5). */
function removeMigrationPtes(k: Kernel, pair: MigrationPair): void {
  k.touch(KEY_PAGE_TABLES, false);
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.mapcount[pair.dst] !== 0, k, pair.dst, "target mapped before remove_migration_ptes");
  const n = t.nrPages(pair.dst);
  let locked = false;
  for (const { vma, first } of pair.ptes) {
    touchPtes(k, vma, first, n);
    for (let p = 0; p < n; p++) vma.pte[first + p] = pair.dst;
    t.mapcount[pair.dst] = t.mapcount[pair.dst]! + 1;
    k.folioGet(pair.dst, H_MAPPING);
    if (vmaIsLocked(vma) && !t.test(pair.dst, F_HUGETLB)) {
      mlockFolio(k, pair.dst);
      locked = true;
    }
  }
  if (locked) mlockDrainLocal(k);
  k.wakeMigrationWaiters(pair.src);
}

/** migrate_folios_undo(): put the original mappings back and free the destination. */
function migrateFolioUndo(ctx: MigrateCtx, pair: MigrationPair): void {
  const { k } = ctx;
  k.touch(KEY_PAGE_TABLES, false);
  const t = k.folios;
  const n = t.nrPages(pair.src);
  for (const { vma, first } of pair.ptes) {
    touchPtes(k, vma, first, n);
    for (let p = 0; p < n; p++) {
      if (isMigrationEntry(vma.pte[first + p]!) && migrationEntryFolio(vma.pte[first + p]!) === pair.src) {
        vma.pte[first + p] = pair.src;
      }
    }
    t.mapcount[pair.src] = t.mapcount[pair.src]! + 1;
    k.folioGet(pair.src, H_MAPPING);
  }
  t.clear(pair.src, PG_locked);
  if (pair.wasMlocked) t.set(pair.src, PG_mlocked);
  VM_BUG_ON_FOLIO(t.mapcount[pair.src] !== pair.ptes.length, k, pair.src, "undo mapped the folio elsewhere");
  k.wakeMigrationWaiters(pair.src);
  freeDst(k, pair.dst);
  failFolio(ctx, pair.src);
}

/** try_split_folio(): a large folio whose target could not be allocated is split (§6.4, §6.7). */
function* trySplitFolio(ctx: MigrateCtx, src: number): Proc<"split" | "eagain" | "failed"> {
  const { k } = ctx;
  VM_BUG_ON_FOLIO(
    !k.folios.isLarge(src) || k.folios.test(src, F_HUGETLB),
    k,
    src,
    "split of a folio that cannot split",
  );
  // A THP whose target could not be allocated counts as a failed THP migration, split or not.
  ctx.stats.thp_failed++;
  const pieces = splitHugePageToList(k, src);
  yield k.cost(k.costs.migrate_unmap_ns);
  if (pieces === null) {
    // For MR_LONGTERM_PIN a split that fails with -EAGAIN is retried, not failed (§6.4).
    if (ctx.reason === "longterm_pin") return "eagain";
    failFolio(ctx, src);
    return "failed";
  }
  VM_BUG_ON_FOLIO(pieces.length !== k.folios.nrPages(src), k, src, "split lost pages");
  k.counters.migrate_split++;
  ctx.stats.thp_split++;
  ctx.stats.failed++; // the large folio counts as one failure; pieces are not counted again
  ctx.split.push(...pieces);
  return "split";
}

/** migrate_hugetlbs(): up to 10 passes over hugetlb folios (§6.2). */
function* migrateHugetlbs(ctx: MigrateCtx, list: number[]): Proc<number> {
  for (const f of list) VM_BUG_ON_FOLIO(!ctx.k.folios.test(f, F_HUGETLB), ctx.k, f, "not a hugetlb folio");
  let retry = list;
  for (let pass = 0; pass < NR_MAX_MIGRATE_PAGES_RETRY && retry.length > 0; pass++) {
    const again: number[] = [];
    for (const src of retry) {
      const r = yield* migrateFolioUnmap(ctx, src, MIGRATE_SYNC, pass > 2);
      if (r === "done") continue;
      if (r === "enomem") {
        ctx.ret.push(src, ...again, ...retry.slice(retry.indexOf(src) + 1));
        return -ENOMEM;
      }
      if (r === "eagain") {
        again.push(src);
        continue;
      }
      if (r === "ebusy") {
        failFolio(ctx, src);
        continue;
      }
      const ok = yield* migrateFolioMove(ctx, r, pass + 1);
      if (ok) continue;
      countEagain(ctx.k, pass);
      migrateFolioUndoKeep(ctx, r);
      again.push(src);
      yield* rfcWait(ctx, src, "move");
    }
    retry = again;
  }
  for (const src of retry) failFolio(ctx, src);
  return 0;
}

/** Undo for a hugetlb retry: restore mappings, free dst, but keep the folio for the next pass. */
function migrateFolioUndoKeep(ctx: MigrateCtx, pair: MigrationPair): void {
  VM_BUG_ON_FOLIO(!ctx.k.folios.test(pair.src, F_HUGETLB), ctx.k, pair.src, "kept for a retry, not hugetlb");
  migrateFolioRestore(ctx, pair);
}

/** A failed unmap_and_move(): PTEs back, target freed, the folio kept (isolated) for the next pass. */
function migrateFolioRestore(ctx: MigrateCtx, pair: MigrationPair): void {
  const before = ctx.ret.length;
  const { failed, failed_pages, thp_failed } = ctx.stats;
  migrateFolioUndo(ctx, pair);
  ctx.ret.length = before;
  Object.assign(ctx.stats, { failed, failed_pages, thp_failed });
}

/** migrate_folio_done(): an isolated folio leaves migration: NR_ISOLATED down, isolation ref dropped. */
function migrateFolioDone(k: Kernel, f: number): void {
  VM_BUG_ON_FOLIO(
    !k.folios.test(f, F_ISOLATED) || k.folios.held(f, H_ISOLATION) === 0,
    k,
    f,
    "done, not isolated",
  );
  k.folios.clear(f, F_ISOLATED);
  if (!k.folios.test(f, F_HUGETLB))
    nodeStatModFolio(k, f, NR_ISOLATED_ANON + folioIsFileLru(k, f), -k.folios.nrPages(f));
  k.folioPut(f, H_ISOLATION);
}

/** putback_movable_pages() (§3.5): hugetlb back to its pool, LRU folios back via lru_add. */
export function putbackMovablePages(k: Kernel, list: number[]): void {
  for (const f of list) {
    VM_BUG_ON_FOLIO(!k.folios.test(f, F_ISOLATED), k, f, "putback of a folio not isolated");
    if (k.folios.test(f, F_HUGETLB)) {
      folioPutbackHugetlb(k, f);
      continue;
    }
    nodeStatModFolio(k, f, NR_ISOLATED_ANON + folioIsFileLru(k, f), -k.folios.nrPages(f));
    folioPutbackLru(k, f);
  }
  list.length = 0;
}
