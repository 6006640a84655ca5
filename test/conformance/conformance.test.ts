// The shared conformance suite: the situations of kernel-model.md §10.5 run against every base
// version (and the Debian alias), asserting the per-version outcome.

import { describe, expect, it } from "vitest";
import { resolveKernel } from "../../src/versions/resolve.ts";
import { c1Drains, c2, c2PinningCpuDrains, c3Drains, KERNELS } from "./expectations.ts";
import {
  c1SmallAnonMovable,
  c2PinningCpu,
  c2WillDeacon,
  c3NewMlockedAnon,
  c5Transient,
  c6Thp,
  c7HugetlbCma,
  c9ZeroPage,
  c10Hole,
  c11DeviceCoherent,
  c12NeverOnLru,
  c13Writeback,
  c13WritebackAsync,
  type Outcome,
} from "./setups.ts";

function expectClean(o: Outcome): void {
  expect(o.isolated_left).toBeNull();
  expect(o.pins_left).toBe(0);
}

function expectPinnedOutOfTheWay(o: Outcome, pages: number): void {
  expect(o.ret).toBe(String(pages));
  expect(o.outer_retries).toBe(1);
  expect(o.all_pinnable).toBe(true);
  expect(o.final_zones.every((z) => z !== "Movable")).toBe(true);
}

describe.each(Object.entries(KERNELS))("%s", (kernel, family) => {
  it("C1 small anon folio in ZONE_MOVABLE: migrated, drains per version", () => {
    const o = c1SmallAnonMovable(kernel);
    expectPinnedOutOfTheWay(o, 1);
    expect({ local: o.drains_local, global: o.drains_global }).toEqual(c1Drains(family));
    // Nothing was batched: every drain C1 triggers is unhelpful.
    expect(o.drains_unhelpful).toBe(o.drains_local + o.drains_global);
    expectClean(o);
  });

  it("C2 Will Deacon's mlock-batch case", () => {
    const o = c2WillDeacon(kernel);
    const want = c2(family);
    expect(o.before).toEqual({ refcount: want.refcountBefore, lru: true, mlocked: true, unevictable: true });
    expect({ local: o.drains_local, global: o.drains_global }).toEqual(want.drains);
    if (want.ok) {
      expectPinnedOutOfTheWay(o, 1);
      expect(o.batch_refs_on_original).toBe(0);
    } else {
      expect(o.ret).toBe("-ENOMEM");
      expect(o.outer_retries).toBe(0);
      expect(o.migrate_eagain).toBe(10);
      // One failed refcount check in each of the 3 async and 7 sync passes (§6.3).
      expect(o.migrate_eagain_by_pass).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
      // /proc/vmstat: one page failed, none moved.
      expect([o.vmstat.pgmigrate_fail, o.vmstat.pgmigrate_success]).toEqual([1, 0]);
      expect(o.batch_refs_on_original).toBeGreaterThanOrEqual(1); // CPU 7's mlock batch still holds it
    }
    expectClean(o);
  });

  it("C2 mlock batch on the pinning CPU: unmapping for migration drains it, the pin succeeds", () => {
    const o = c2PinningCpu(kernel);
    // The same folio as C2: the mlock batch's reference is there (5.18+, where entries hold one).
    expect(o.before).toEqual({
      refcount: c2(family).refcountBefore,
      lru: true,
      mlocked: true,
      unevictable: true,
    });
    expectPinnedOutOfTheWay(o, 1);
    expect(o.migrate_eagain).toBe(0);
    expect({ local: o.drains_local, global: o.drains_global }).toEqual(c2PinningCpuDrains(family));
    expect(o.batch_refs_on_original).toBe(0);
    expectClean(o);
  });

  it.each([
    ["another CPU", 2],
    ["the pinning CPU", 1],
  ])("C3 new mlocked anon folio faulted on %s", (_where, cpu) => {
    const o = c3NewMlockedAnon(kernel, cpu);
    expectPinnedOutOfTheWay(o, 1);
    expect({ local: o.drains_local, global: o.drains_global }).toEqual(c3Drains(family));
    expectClean(o);
  });

  it("C5 transient reference held through all ten passes: -ENOMEM; released at once: success", () => {
    const long = c5Transient(kernel, 5_000_000);
    expect(long.ret).toBe("-ENOMEM");
    expect(long.migrate_eagain).toBe(10);
    expectClean(long);
    expectPinnedOutOfTheWay(c5Transient(kernel, 0), 1);
  });

  it("C6 THP in ZONE_MOVABLE: never drained for; split when no 2 MiB target", () => {
    const o = c6Thp(kernel, false);
    expectPinnedOutOfTheWay(o, 512);
    // /proc/vmstat counts the THP once and its 512 pages.
    expect(o.vmstat).toEqual({
      pgmigrate_success: 512,
      pgmigrate_fail: 0,
      thp_success: 1,
      thp_fail: 0,
      thp_split: 0,
    });
    expect(o.drains_local + o.drains_global).toBe(0);
    expect(o.migrate_split).toBe(0);
    expectClean(o);
    const split = c6Thp(kernel, true);
    expectPinnedOutOfTheWay(split, 512);
    expect(split.migrate_split).toBe(1);
    // No 2 MiB target: a failed THP migration, split, and its 512 pieces moved one by one.
    expect(split.vmstat).toEqual({
      pgmigrate_success: 512,
      pgmigrate_fail: 0,
      thp_success: 0,
      thp_fail: 1,
      thp_split: 1,
    });
    expectClean(split);
  });

  it("C7 hugetlb folio in CMA: hugetlb isolation, no drain, migrated", () => {
    const o = c7HugetlbCma(kernel);
    expectPinnedOutOfTheWay(o, 512);
    expect(o.drains_local + o.drains_global).toBe(0);
    expectClean(o);
  });

  it("C9 zero page: pinnable, no refcount change on pin", () => {
    const { outcome, zeroRefBefore, zeroRefAfter } = c9ZeroPage(kernel);
    expect(outcome.ret).toBe("1");
    expect(outcome.outer_retries).toBe(0);
    expect(zeroRefAfter).toBe(zeroRefBefore);
  });

  it("C10 VMA hole after k pages: returns k", () => {
    const o = c10Hole(kernel);
    expect(o.ret).toBe("3");
    expect(o.all_pinnable).toBe(true);
  });

  it("C11 device-coherent folio: migrated when nothing else holds it", () => {
    const o = c11DeviceCoherent(kernel, false);
    expect(o.ret).toBe("1");
    if (kernel === "v6.15") {
      expect(o.final_zones).toEqual(["Movable"]); // list_empty success test again (§3.3)
    } else {
      // Converted on the first pass; the test's folio sits in ZONE_MOVABLE, so the re-pin migrates it.
      expect(o.outer_retries).toBe(2);
      expect(o.all_pinnable).toBe(true);
    }
  });

  it("C11 device-coherent folio with an extra reference", () => {
    const o = c11DeviceCoherent(kernel, true);
    if (kernel === "v6.15") {
      // 1aaf8c122918's list_empty test: an unpinnable folio that was not isolated is left
      // longterm-pinned in ZONE_MOVABLE — the bug its revert (517f496e1e61) fixed (§3.3).
      expect(o.ret).toBe("1");
      expect(o.final_zones).toEqual(["Movable"]);
    } else {
      expect(o.ret).toBe("-EBUSY");
      expect(o.pins_left).toBe(0);
    }
  });
});

describe.each(Object.keys(KERNELS))("%s: C13 a folio under writeback", (kernel) => {
  const perFolio = resolveKernel(kernel).migrate_pages_per_folio;

  it("the pin's MIGRATE_SYNC migration waits for the end of writeback and succeeds", () => {
    const o = c13Writeback(kernel, 1_000_000);
    expectPinnedOutOfTheWay(o, 1);
    expect(o.waits).toBe(1);
    expect(o.wakeups).toBe(1); // folio_end_writeback() woke the waiter
    // Before 6.3 the 3 unforced passes retry it (-EAGAIN); from 6.3 the async batch gives up on
    // it (-EBUSY, no retry) and the first sync pass waits (§6.9).
    expect(o.migrate_eagain_by_pass).toEqual(perFolio ? [1, 1, 1, 0, 0, 0, 0, 0, 0, 0] : Array(10).fill(0));
    expect([o.vmstat.pgmigrate_success, o.vmstat.pgmigrate_fail]).toEqual([1, 0]);
    expectClean(o);
  });

  it("writeback that ends before the pin changes nothing", () => {
    const o = c13Writeback(kernel, 1_000);
    expectPinnedOutOfTheWay(o, 1);
    expect([o.waits, o.migrate_eagain]).toEqual([0, 0]);
  });

  it("MIGRATE_ASYNC gives up on it at once: one failure, no retry, no wait, never unmapped", () => {
    expect(c13WritebackAsync(kernel)).toEqual({ ret: 1, eagain: 0, waits: 0, mapped: true });
  });
});

describe.each(Object.keys(KERNELS))("%s: C12 unpinnable folio never on the LRU", (kernel) => {
  it("retries without limit (capped here), except v6.15 which leaves it pinned", () => {
    const o = c12NeverOnLru(kernel, 50);
    if (kernel === "v6.15") {
      expect([o.ret, o.livelock]).toEqual(["1", false]); // 1aaf8c122918: list_empty → success
    } else {
      expect(o.livelock).toBe(true);
      expect(o.outer_retries).toBe(49);
    }
  });
});

describe("patches on the conformance situations", () => {
  it("v6.15+hugh-refcount-check fixes C2 with one global drain and no local one", () => {
    const o = c2WillDeacon("v6.15+hugh-refcount-check");
    expectPinnedOutOfTheWay(o, 1);
    expect({ local: o.drains_local, global: o.drains_global }).toEqual({ local: 0, global: 1 });
  });

  it("v6.15+hugh-mlocked-not-unevictable still fails C2 (the folio is already unevictable)", () => {
    expect(c2WillDeacon("v6.15+hugh-mlocked-not-unevictable").ret).toBe("-ENOMEM");
  });

  it("v6.15+will-drain-if-mlocked fixes C2", () => {
    expectPinnedOutOfTheWay(c2WillDeacon("v6.15+will-drain-if-mlocked"), 1);
  });

  it("v6.17+pin-refs-fix: C1 no drain; C3 same CPU local only; C3 other CPU local then global", () => {
    const c1 = c1SmallAnonMovable("v6.17+pin-refs-fix");
    expect([c1.drains_local, c1.drains_global]).toEqual([0, 0]);
    const same = c3NewMlockedAnon("v6.17+pin-refs-fix", 1);
    expect([same.drains_local, same.drains_global]).toEqual([1, 0]);
    const other = c3NewMlockedAnon("v6.17+pin-refs-fix", 2);
    expect([other.drains_local, other.drains_global]).toEqual([1, 1]);
  });

  it("v6.18+hubbard-wait: a 5 ms transient hold is waited out, woken by folio_put", () => {
    const o = c5Transient("v6.18+hubbard-wait", 5_000_000);
    expectPinnedOutOfTheWay(o, 1);
    expect(o.waits).toBe(1);
    expect(o.wakeups).toBe(1);
    expect(o.static_key_toggles).toBe(2); // static_branch_inc + dec around the one migrate_pages() call
    const mainline = c5Transient("v6.18", 5_000_000);
    expect([mainline.waits, mainline.wakeups, mainline.static_key_toggles]).toEqual([0, 0, 0]);
  });

  it("hubbard-wait=0 waits for nothing and fails like mainline", () => {
    expect(c5Transient("v6.18+hubbard-wait=0", 5_000_000).ret).toBe("-ENOMEM");
  });

  it("eagain-to-caller turns C2's failure into -EAGAIN", () => {
    expect(c2WillDeacon("v6.15+eagain-to-caller").ret).toBe("-EAGAIN");
  });
});
