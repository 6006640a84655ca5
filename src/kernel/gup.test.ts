import { describe, expect, it } from "vitest";
import { sleepOp } from "../engine/op.ts";
import { Machine } from "../lab/run/machine.ts";
import { errnoName } from "./errno.ts";
import {
  FOLL_GET,
  FOLL_LONGTERM,
  FOLL_PCI_P2PDMA,
  FOLL_WRITE,
  pinUserPages,
  pinUserPagesFast,
  unpinUserPages,
} from "./gup.ts";
import { H_GUP_PIN } from "./holders.ts";
import { handleMmFault } from "./memory.ts";
import { mmAlloc, mmapRegion } from "./mmap.ts";
import { ZONE_MOVABLE } from "./page_alloc.ts";
import { lruAddDrain, lruCacheDisable, lruCacheEnable } from "./swap.ts";

function machineWithFaulted(kernel: string, pages: number) {
  const m = new Machine({ cpus: 2, kernel, checkInvariants: true });
  const mm = mmAlloc(m.kernel);
  const vma = mmapRegion(m.kernel, mm, { kind: "anon", nrPages: pages });
  m.spawn("user", 1, mm, function* (k) {
    for (let i = 0; i < pages; i++) yield* handleMmFault(k, vma, vma.start + i, true);
    yield* lruAddDrain(k);
  });
  return { m, vma };
}

describe("pin_user_pages_fast", () => {
  it("pins pinnable pages locklessly and hands unpinnable ones to the slow path, which migrates them", () => {
    const { m, vma } = machineWithFaulted("v6.17", 4);
    let ret = 0;
    let zones: number[] = [];
    m.spawn("io_uring", 0, vma.mm, function* (k) {
      yield sleepOp(100_000);
      const pages: number[] = [];
      ret = yield* pinUserPagesFast(k, vma.start, 4, FOLL_WRITE | FOLL_LONGTERM, pages);
      zones = pages.map((f) => k.folios.zone[f]!);
      unpinUserPages(k, pages);
    });
    m.run();
    expect(ret).toBe(4);
    expect(zones.every((z) => z !== ZONE_MOVABLE)).toBe(true);
    expect(m.kernel.counters.migrate_succeeded).toBe(4);
    expect(m.kernel.pinsOutstanding()).toBe(0);
  });

  it("a second pin of already-migrated pages stays on the fast path (no migration)", () => {
    const { m, vma } = machineWithFaulted("v6.17", 2);
    m.spawn("io_uring", 0, vma.mm, function* (k) {
      yield sleepOp(100_000);
      for (let round = 0; round < 2; round++) {
        const pages: number[] = [];
        yield* pinUserPagesFast(k, vma.start, 2, FOLL_WRITE | FOLL_LONGTERM, pages);
        unpinUserPages(k, pages);
      }
    });
    m.run();
    expect(m.kernel.counters.migrate_succeeded).toBe(2);
    expect(m.kernel.counters.pins_attempted).toBe(2);
  });
});

describe("pin_user_pages argument checks (§3.1)", () => {
  it("FOLL_GET with FOLL_PIN, or FOLL_LONGTERM with FOLL_PCI_P2PDMA, pin nothing", () => {
    const { m, vma } = machineWithFaulted("v6.17", 1);
    const rets: string[] = [];
    m.spawn("caller", 0, vma.mm, function* (k) {
      yield sleepOp(100_000);
      rets.push(errnoName(yield* pinUserPages(k, vma.start, 1, FOLL_GET, [])));
      rets.push(errnoName(yield* pinUserPages(k, vma.start, 1, FOLL_LONGTERM | FOLL_PCI_P2PDMA, [])));
      rets.push(errnoName(yield* pinUserPagesFast(k, vma.start, 1, FOLL_LONGTERM | FOLL_PCI_P2PDMA, [])));
    });
    m.run();
    expect(rets).toEqual(["0", "0", "-EINVAL"]);
  });

  it("each pin of a small folio adds 1024 and unpinning removes exactly that", () => {
    const { m, vma } = machineWithFaulted("v6.17", 1);
    const counts: number[] = [];
    m.spawn("caller", 0, vma.mm, function* (k) {
      yield sleepOp(100_000);
      const a: number[] = [];
      yield* pinUserPages(k, vma.start, 1, FOLL_WRITE | FOLL_LONGTERM, a); // migrates, then pins the new folio
      const f = a[0]!;
      counts.push(k.folios.refcount[f]!);
      const b: number[] = [];
      yield* pinUserPages(k, vma.start, 1, FOLL_WRITE | FOLL_LONGTERM, b);
      counts.push(k.folios.refcount[f]!, k.folios.held(f, H_GUP_PIN));
      unpinUserPages(k, a);
      unpinUserPages(k, b);
      counts.push(k.folios.refcount[f]!);
      expect(() => unpinUserPages(k, b)).toThrow(/holds no pin/);
    });
    m.run();
    const [one, two, pins, none] = counts;
    expect(two! - one!).toBe(1024);
    expect(pins).toBe(2);
    expect(one! - none!).toBe(1024);
  });
});

describe("lru_cache_disable (§4.6)", () => {
  it("drains every CPU and makes later batch additions drain at once", () => {
    const m = new Machine({ cpus: 2, kernel: "v6.17", checkInvariants: true });
    const mm = mmAlloc(m.kernel);
    const vma = mmapRegion(m.kernel, mm, { kind: "anon", nrPages: 2 });
    const sizes: number[] = [];
    m.spawn("cma_alloc", 0, mm, function* (k) {
      yield* handleMmFault(k, vma, vma.start, true);
      sizes.push(k.batches[0]![0]!.nr);
      yield* lruCacheDisable(k);
      sizes.push(k.batches[0]![0]!.nr);
      yield* handleMmFault(k, vma, vma.start + 1, true);
      sizes.push(k.batches[0]![0]!.nr);
      lruCacheEnable(k);
    });
    m.run();
    expect(sizes).toEqual([1, 0, 0]);
    expect(m.kernel.counters.drain_work_items).toBe(2); // force_all_cpus
  });
});
