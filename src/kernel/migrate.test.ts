import { describe, expect, it } from "vitest";
import { anonMachine, faultIn, faultOntoLru, runTask } from "../../test/support/kernel_machine.ts";
import { sleepOp } from "../engine/op.ts";
import { folioEndWriteback } from "./filemap.ts";
import { F_FREED, F_ISOLATED, PG_lru } from "./folio_flags.ts";
import type { Kernel } from "./kernel.ts";
import {
  MIGRATE_ASYNC,
  MIGRATE_SYNC,
  type MigrateMode,
  migratePages,
  putbackMovablePages,
} from "./migrate.ts";
import { KernelBug } from "./mmdebug.ts";
import { ZONE_MOVABLE } from "./page_alloc.ts";
import { folioStartWriteback } from "./page_writeback.ts";
import { folioActivate, folioIsFileLru, lruAddDrain } from "./swap.ts";
import type { TraceEvent } from "./trace.ts";
import { folioIsolateLru } from "./vmscan.ts";
import { NR_ISOLATED_ANON, nodeStatModFolio } from "./vmstat.ts";

/** What collect does to a folio before migrate_pages(): isolate it and count it in NR_ISOLATED. */
function isolate(k: Kernel, f: number): void {
  expect(folioIsolateLru(k, f)).toBe(true);
  nodeStatModFolio(k, f, NR_ISOLATED_ANON + folioIsFileLru(k, f), k.folios.nrPages(f));
}

/** The functions whose func_begin slices the trace shows, in order. */
function sliceNames(events: readonly TraceEvent[]): string[] {
  return events.flatMap((e) => (e.type === "func_begin" ? [e.func] : []));
}

function recordTrace(k: Kernel): TraceEvent[] {
  const events: TraceEvent[] = [];
  k.tracer = { emit: (ev) => events.push(ev) };
  return events;
}

/** One isolated movable anon folio with `extraRef` references someone else holds, migrated once. */
function migrateOne(kernel: string, mode: MigrateMode, extraRef: boolean) {
  const { m, k, vma } = anonMachine(kernel, 1);
  const events = recordTrace(k);
  const seen = { folio: -1, ret: 0, left: [] as number[] };
  runTask(m, vma, 0, function* (k) {
    const [f] = yield* faultOntoLru(k, vma, 1);
    seen.folio = f!;
    if (extraRef) k.addTransient(f!, "driver");
    isolate(k, f!);
    const list = [f!];
    seen.ret = yield* migratePages(k, list, mode, "longterm_pin");
    seen.left = [...list];
    putbackMovablePages(k, list);
    yield* lruAddDrain(k);
  });
  return { k, vma, events, ...seen };
}

describe("migrate_pages", () => {
  it("moves a folio nobody else holds: returns 0, frees the old folio, maps a pinnable one in its place", () => {
    const { k, vma, folio, ret, left, events } = migrateOne("v6.17", MIGRATE_SYNC, false);
    expect(ret).toBe(0);
    expect(left).toEqual([]);
    expect(k.folios.test(folio, F_FREED)).toBe(true);
    const moved = vma.pte[0]!;
    expect(moved).not.toBe(folio);
    expect(k.folios.zone[moved]).not.toBe(ZONE_MOVABLE);
    expect(k.folios.test(moved, PG_lru)).toBe(true);
    expect(k.counters.nr_isolated_anon).toBe(0);
    const checks = events.filter((e) => e.type === "refcount_check");
    expect(checks.map((e) => [e.pass, e.ok])).toEqual([[1, true]]);
  });

  it("an extra reference fails every pass with -EAGAIN; the folio comes back isolated and putback restores it", () => {
    const { k, vma, folio, ret, left, events } = migrateOne("v6.17", MIGRATE_SYNC, true);
    expect(ret).toBe(1);
    expect(left).toEqual([folio]);
    expect(k.counters.migrate_eagain_by_pass).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(k.counters.migrate_failed).toBe(1);
    // putback_movable_pages(): mapped where it was, back on the LRU, no longer isolated.
    expect(vma.pte[0]).toBe(folio);
    expect(k.folios.test(folio, F_ISOLATED)).toBe(false);
    expect(k.folios.test(folio, PG_lru)).toBe(true);
    expect(k.counters.nr_isolated_anon).toBe(0);
    const done = events.find((e) => e.type === "mm_migrate_pages");
    expect(done).toMatchObject({ succeeded: 0, failed: 1, mode: "MIGRATE_SYNC", reason: "longterm_pin" });
  });

  it("MIGRATE_SYNC: one unmap and 3 ASYNC moves, then the failure alone: one unmap and 7 SYNC moves", () => {
    const { events } = migrateOne("v6.17", MIGRATE_SYNC, true);
    const slices = sliceNames(events);
    const migration = slices.filter((f) => f.startsWith("migrate_folio_"));
    const unmapMoves = (n: number) => ["migrate_folio_unmap", ...Array<string>(n).fill("migrate_folio_move")];
    expect(migration).toEqual([...unmapMoves(3), ...unmapMoves(7)]);
    const passes = events.filter((e) => e.type === "refcount_check").map((e) => e.pass);
    expect(passes).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.each(["v5.17", "v6.1"])(
    "before 6.3 (%s): ten unmap_and_move() passes, each an unmap then a move, PTEs restored between",
    (kernel) => {
      const { events, ret, left, folio, k, vma } = migrateOne(kernel, MIGRATE_SYNC, true);
      expect(ret).toBe(1);
      expect(left).toEqual([folio]);
      const migration = sliceNames(events).filter((f) => f.startsWith("migrate_folio_"));
      const pass = ["migrate_folio_unmap", "migrate_folio_move"];
      expect(migration).toEqual(Array.from({ length: 10 }, () => pass).flat());
      const passes = events.filter((e) => e.type === "refcount_check").map((e) => e.pass);
      expect(passes).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(k.counters.migrate_eagain_by_pass).toEqual(Array<number>(10).fill(1));
      expect(vma.pte[0]).toBe(folio); // mapped again after the last failed pass
    },
  );

  it("MIGRATE_ASYNC: one unmap, then all ten passes in one batch", () => {
    const { events, ret } = migrateOne("v6.17", MIGRATE_ASYNC, true);
    expect(ret).toBe(1);
    const slices = sliceNames(events);
    expect(slices.filter((f) => f === "migrate_folio_unmap")).toHaveLength(1);
    expect(slices.filter((f) => f === "migrate_folio_move")).toHaveLength(10);
  });

  it.each([
    ["v5.17", 1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
    ["v6.1", 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
  ] as const)(
    "before 6.3, a move of a mapped page drains this CPU from 5.18 on (c3096e6782b7): %s returns %d",
    (kernel, want, eagainByPass) => {
      // f1's only extra reference is this CPU's activate batch: the drain after f0's move frees it.
      const { m, vma } = anonMachine(kernel, 2);
      let ret = -1;
      runTask(m, vma, 0, function* (k) {
        const [f0, f1] = yield* faultOntoLru(k, vma, 2);
        folioActivate(k, f1!);
        isolate(k, f0!);
        isolate(k, f1!);
        const list = [f0!, f1!];
        ret = yield* migratePages(k, list, MIGRATE_SYNC, "longterm_pin");
        putbackMovablePages(k, list);
        yield* lruAddDrain(k);
      });
      expect(ret).toBe(want);
      expect(m.kernel.counters.migrate_eagain_by_pass).toEqual(eagainByPass);
    },
  );

  it("a THP whose 2 MiB target cannot be allocated is split and its pieces migrate", () => {
    const zones = { fragmented: ["normal", "dma32"] as const };
    const { m, k, vma } = anonMachine("v6.17", 512, { thp: true, zones });
    const events = recordTrace(k);
    let thp = -1;
    let ret = -1;
    runTask(m, vma, 0, function* (k) {
      [thp] = yield* faultOntoLru(k, vma, 1);
      isolate(k, thp);
      ret = yield* migratePages(k, [thp], MIGRATE_SYNC, "longterm_pin");
    });
    expect(ret).toBe(0); // the list ended up empty: every piece moved
    expect(k.folios.test(thp, F_FREED)).toBe(true);
    expect(k.counters.migrate_split).toBe(1);
    expect(k.counters.migrate_succeeded).toBe(512);
    const pieces = new Set(Array.from(vma.pte));
    expect(pieces.size).toBe(512);
    for (const f of pieces) {
      expect(k.folios.order[f]).toBe(0);
      expect(k.folios.zone[f]).not.toBe(ZONE_MOVABLE);
    }
    expect(events.find((e) => e.type === "mm_migrate_pages")).toMatchObject({ thp_split: 1 });
    expect(k.counters.nr_isolated_anon).toBe(0);
  });

  it("a folio that was never isolated trips VM_BUG_ON_FOLIO", () => {
    const { m, vma } = anonMachine("v6.17", 1);
    m.spawn("test", 0, vma.mm, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      yield* migratePages(k, [f!], MIGRATE_SYNC, "longterm_pin");
    });
    expect(() => m.run()).toThrow(KernelBug);
  });

  it("the VM_BUG_ON_FOLIO message names the check and dumps the folio", () => {
    const { m, vma } = anonMachine("v6.17", 1);
    m.spawn("test", 0, vma.mm, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      yield* migratePages(k, [f!], MIGRATE_SYNC, "longterm_pin");
    });
    expect(() => m.run()).toThrow(
      /^kernel BUG: migrate_pages of a folio not isolated: folio \d+ refcount:1 mapcount:1 .*flags:.*lru/,
    );
  });
});

/**
 * One isolated folio under writeback for `wb_ns` (ended by another task, as the I/O completion
 * would), migrated once in `mode`; `wb_ns` null: the writeback never ends while migrating.
 */
function migrateUnderWriteback(kernel: string, mode: MigrateMode, wb_ns: number, thp = false) {
  const { m, k, vma } = thp ? anonMachine(kernel, 512, { thp: true }) : anonMachine(kernel, 1);
  const seen = { folio: -1, ret: 0, left: [] as number[], start_ns: 0, end_ns: 0, wbEnd_ns: 0 };
  m.spawn("test", 0, vma.mm, function* (k) {
    const [f] = yield* faultIn(k, vma, 0, 1);
    yield* lruAddDrain(k);
    seen.folio = f!;
    expect(folioStartWriteback(k, f!)).toBe(true);
    expect(folioStartWriteback(k, f!)).toBe(false); // already under writeback
    m.spawn("bio-end", 1, null, function* (k) {
      yield sleepOp(wb_ns);
      seen.wbEnd_ns = k.now_ns();
      folioEndWriteback(k, f!);
    });
    isolate(k, f!);
    const list = [f!];
    seen.start_ns = k.now_ns();
    seen.ret = yield* migratePages(k, list, mode, "longterm_pin");
    seen.end_ns = k.now_ns();
    seen.left = [...list];
    putbackMovablePages(k, list);
    yield* lruAddDrain(k);
  });
  m.run();
  return { k, vma, ...seen };
}

describe("migrate_pages and writeback (§6.9)", () => {
  it("MIGRATE_ASYNC gives up on a folio under writeback at once: -EBUSY, one failure, no retry", () => {
    for (const kernel of ["v6.1", "v6.17"]) {
      const { k, vma, folio, ret, left } = migrateUnderWriteback(kernel, MIGRATE_ASYNC, 1_000_000);
      expect([kernel, ret, left]).toEqual([kernel, 1, [folio]]);
      expect(k.counters.migrate_eagain).toBe(0);
      expect(k.counters.waits).toBe(0);
      expect([k.counters.pgmigrate_fail, k.counters.pgmigrate_success]).toEqual([1, 0]);
      expect(vma.pte[0]).toBe(folio); // never unmapped
    }
  });

  it("6.3+ MIGRATE_SYNC: the async batch skips it (-EBUSY), the sync pass waits for the end of writeback", () => {
    const { k, vma, folio, ret, left, end_ns, wbEnd_ns } = migrateUnderWriteback(
      "v6.17",
      MIGRATE_SYNC,
      1_000_000,
    );
    expect([ret, left]).toEqual([0, []]);
    expect(k.counters.migrate_eagain).toBe(0);
    expect(k.counters.waits).toBe(1);
    expect(end_ns).toBeGreaterThanOrEqual(wbEnd_ns);
    // Counted once, as a success: the async batch's -EBUSY is retried, not counted (§6.3).
    expect([k.counters.pgmigrate_success, k.counters.pgmigrate_fail, k.counters.migrate_failed]).toEqual([
      1, 0, 0,
    ]);
    expect(vma.pte[0]).not.toBe(folio);
  });

  it("before 6.3 MIGRATE_SYNC: the 3 unforced passes retry it (-EAGAIN), the first forced pass waits", () => {
    const { k, vma, folio, ret, end_ns, wbEnd_ns } = migrateUnderWriteback("v6.1", MIGRATE_SYNC, 1_000_000);
    expect(ret).toBe(0);
    expect(k.counters.migrate_eagain_by_pass).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(k.counters.waits).toBe(1);
    expect(end_ns).toBeGreaterThanOrEqual(wbEnd_ns);
    expect([k.counters.pgmigrate_success, k.counters.pgmigrate_fail]).toEqual([1, 0]);
    expect(vma.pte[0]).not.toBe(folio);
  });

  it("6.3+: a THP skipped by the async batch and moved by the sync pass is no THP failure in vmstat", () => {
    const { k, ret } = migrateUnderWriteback("v6.17", MIGRATE_SYNC, 1_000_000, true);
    expect(ret).toBe(0);
    expect([k.counters.thp_migration_success, k.counters.thp_migration_fail]).toEqual([1, 0]);
    expect([k.counters.pgmigrate_success, k.counters.pgmigrate_fail]).toEqual([512, 0]);
  });
});
