import { describe, expect, it } from "vitest";
import { sleepOp } from "../engine/op.ts";
import { Machine } from "../lab/run/machine.ts";
import { LRU_ACTIVATE, LRU_ADD } from "./folio_batch.ts";
import { PG_lru } from "./folio_flags.ts";
import { H_LRU_BATCH } from "./holders.ts";
import { handleMmFault } from "./memory.ts";
import { mmAlloc, mmapRegion } from "./mmap.ts";
import { folioActivate, lruAddDrain, lruAddDrainAll } from "./swap.ts";

/** Faults `n` anon pages on CPU 0 and reports the lru_add batch size after each. */
function batchSizesAfterFaults(kernel: string, n: number): number[] {
  const m = new Machine({ cpus: 2, kernel, checkInvariants: true });
  const k = m.kernel;
  const mm = mmAlloc(k);
  const vma = mmapRegion(k, mm, { kind: "anon", nrPages: n });
  const sizes: number[] = [];
  m.spawn("user", 0, mm, function* (k) {
    for (let i = 0; i < n; i++) {
      yield* handleMmFault(k, vma, vma.start + i, true);
      sizes.push(k.batches[0]![LRU_ADD]!.nr);
    }
  });
  m.run();
  return sizes;
}

describe("cpu_fbatches (§4.2, §4.4)", () => {
  it("v6.1 batches hold at most 14 folios: the 15th add drains", () => {
    const sizes = batchSizesAfterFaults("v6.1", 16);
    expect(sizes.slice(13, 16)).toEqual([14, 0, 1]);
  });

  it("v6.9+ batches hold at most 30 folios: the 31st add drains", () => {
    const sizes = batchSizesAfterFaults("v6.17", 32);
    expect(sizes.slice(29, 32)).toEqual([30, 0, 1]);
  });

  it("a queued folio holds one batch reference until the drain", () => {
    const m = new Machine({ cpus: 1, kernel: "v6.17", checkInvariants: true });
    const k = m.kernel;
    const mm = mmAlloc(k);
    const vma = mmapRegion(k, mm, { kind: "anon", nrPages: 1 });
    const seen: number[] = [];
    m.spawn("user", 0, mm, function* (k) {
      const f = yield* handleMmFault(k, vma, vma.start, true);
      seen.push(k.folios.held(f, H_LRU_BATCH), k.folios.refcount[f]!);
      yield* lruAddDrain(k);
      seen.push(k.folios.held(f, H_LRU_BATCH), k.folios.refcount[f]!, k.folios.test(f, PG_lru) ? 1 : 0);
    });
    m.run();
    expect(seen).toEqual([1, 2, 0, 1, 1]);
  });
});

describe("PG_lru while in a best-effort batch (§4.5)", () => {
  function lruAfterActivate(kernel: string): boolean {
    const m = new Machine({ cpus: 1, kernel, checkInvariants: true });
    const k = m.kernel;
    const mm = mmAlloc(k);
    const vma = mmapRegion(k, mm, { kind: "anon", nrPages: 1 });
    let lru = false;
    m.spawn("user", 0, mm, function* (k) {
      const f = yield* handleMmFault(k, vma, vma.start, true);
      yield* lruAddDrain(k);
      folioActivate(k, f);
      expect(k.batches[0]![LRU_ACTIVATE]!.nr).toBe(1);
      lru = k.folios.test(f, PG_lru);
    });
    m.run();
    return lru;
  }

  it("6.11–6.16 clear it at queue time (33dfe9204f29)", () => {
    expect(lruAfterActivate("v6.11")).toBe(false);
    expect(lruAfterActivate("v6.15")).toBe(false);
  });

  it("before 6.11 and from 6.17 it stays set", () => {
    expect(lruAfterActivate("v6.9")).toBe(true);
    expect(lruAfterActivate("v6.17")).toBe(true);
  });
});

describe("lru_add_drain_all (§4.6)", () => {
  it("queues work only on CPUs with something batched, and waits for it", () => {
    const m = new Machine({ cpus: 4, kernel: "v6.17", checkInvariants: true });
    const k = m.kernel;
    const mm = mmAlloc(k);
    const vma = mmapRegion(k, mm, { kind: "anon", nrPages: 4 });
    let afterDrain = -1;
    m.spawn("faulter", 2, mm, function* (k) {
      yield* handleMmFault(k, vma, vma.start, true);
    });
    m.spawn("drainer", 0, mm, function* (k) {
      yield sleepOp(50_000);
      yield* lruAddDrainAll(k);
      afterDrain = k.batches[2]![LRU_ADD]!.nr;
    });
    m.run();
    expect(k.counters.drain_work_items).toBe(1);
    expect(afterDrain).toBe(0);
  });

  it("a second drainer that finds the generation bumped piggybacks", () => {
    const m = new Machine({ cpus: 3, kernel: "v6.17", checkInvariants: true });
    const k = m.kernel;
    const mm = mmAlloc(k);
    const vma = mmapRegion(k, mm, { kind: "anon", nrPages: 4 });
    m.spawn("faulter", 2, mm, function* (k) {
      yield* handleMmFault(k, vma, vma.start, true);
    });
    for (const cpu of [0, 1]) {
      m.spawn(`drainer${cpu}`, cpu, mm, function* (k) {
        yield sleepOp(50_000);
        yield* lruAddDrainAll(k);
      });
    }
    m.run();
    expect(k.counters.drains_global).toBe(2);
    expect(k.counters.drains_piggybacked).toBe(1);
    expect(k.counters.drain_work_items).toBe(1);
  });
});
