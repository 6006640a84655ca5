import { describe, expect, it } from "vitest";
import { anonMachine, faultIn, faultOntoLru, runTask } from "../../test/support/kernel_machine.ts";
import { LRU_ADD, MLOCK_BATCH } from "./folio_batch.ts";
import { PG_lru, PG_mlocked, PG_unevictable } from "./folio_flags.ts";
import { H_MLOCK_BATCH } from "./holders.ts";
import type { Kernel } from "./kernel.ts";
import { LRU_INACTIVE_ANON, LRU_UNEVICTABLE } from "./lru_lists.ts";
import { mlock2, mlockDrainLocal, mlockFolio, munlock, munlockFolio } from "./mlock.ts";
import { lruAddDrain } from "./swap.ts";

/** Which LRU list `f` is on ("none" off every list), whether it is mlocked, and its mlock_count. */
function where(k: Kernel, f: number): string {
  const t = k.folios;
  const list =
    t.lruList[f] === 0 ? "none" : t.lruList[f] === LRU_UNEVICTABLE + 1 ? "unevictable" : "evictable";
  return `${list} mlocked=${t.test(f, PG_mlocked)} count=${t.mlockCount[f]}`;
}

describe("mlock_folio and the per-CPU mlock batch (§5)", () => {
  it("5.18+: mlock_folio queues the folio with a reference; the drain makes it unevictable", () => {
    const { m, vma } = anonMachine("v6.17", 1);
    const seen: (string | number)[] = [];
    runTask(m, vma, 0, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      seen.push(
        mlockFolio(k, f!),
        k.batches[0]![MLOCK_BATCH]!.nr,
        k.folios.held(f!, H_MLOCK_BATCH),
        where(k, f!),
      );
      seen.push(
        mlockDrainLocal(k),
        k.batches[0]![MLOCK_BATCH]!.nr,
        k.folios.held(f!, H_MLOCK_BATCH),
        where(k, f!),
      );
    });
    expect(seen).toEqual([
      0,
      1,
      1,
      "evictable mlocked=true count=0",
      1,
      0,
      0,
      "unevictable mlocked=true count=1",
    ]);
  });

  it("before 5.18 there is no mlock batch: mlock_folio moves the folio at once", () => {
    const { m, vma } = anonMachine("v5.17", 1);
    const seen: (string | number)[] = [];
    runTask(m, vma, 0, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      mlockFolio(k, f!);
      seen.push(k.batches[0]![MLOCK_BATCH]!.nr, where(k, f!));
    });
    expect(seen).toEqual([0, "unevictable mlocked=true count=1"]);
  });

  it("a full mlock batch drains itself: the 31st mlock on 6.9+ moves all 31", () => {
    const { m, vma } = anonMachine("v6.17", 31);
    const moved: number[] = [];
    let unevictable = 0;
    runTask(m, vma, 0, function* (k) {
      const folios = yield* faultOntoLru(k, vma, 31);
      for (const f of folios) moved.push(mlockFolio(k, f));
      unevictable = folios.filter((f) => k.folios.test(f, PG_unevictable)).length;
    });
    expect(moved).toEqual([...Array<number>(30).fill(0), 31]);
    expect(unevictable).toBe(31);
  });

  it("mlock_count counts the mlocks: a folio mlocked twice stays unevictable until the second munlock", () => {
    const { m, vma } = anonMachine("v6.17", 1);
    const seen: string[] = [];
    runTask(m, vma, 0, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      for (const step of [mlockFolio, mlockFolio, munlockFolio, munlockFolio]) {
        step(k, f!);
        mlockDrainLocal(k);
        seen.push(where(k, f!));
      }
    });
    expect(seen).toEqual([
      "unevictable mlocked=true count=1",
      "unevictable mlocked=true count=2",
      "unevictable mlocked=true count=1",
      "evictable mlocked=false count=0",
    ]);
  });

  it("mlock_count is an unsigned int as in the kernel: 65,537 mlocks need 65,537 munlocks", () => {
    const { m, vma } = anonMachine("v6.17", 1);
    const seen: string[] = [];
    const n = 0x10001;
    runTask(m, vma, 0, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      for (let i = 0; i < n; i++) {
        mlockFolio(k, f!);
        mlockDrainLocal(k);
      }
      seen.push(where(k, f!));
      for (let i = 0; i < n - 1; i++) {
        munlockFolio(k, f!);
        mlockDrainLocal(k);
      }
      seen.push(where(k, f!));
      munlockFolio(k, f!);
      mlockDrainLocal(k);
      seen.push(where(k, f!));
    });
    // A 16-bit count would have wrapped to 1 and let the second munlock free the folio.
    expect(seen).toEqual([
      `unevictable mlocked=true count=${n}`,
      "unevictable mlocked=true count=1",
      "evictable mlocked=false count=0",
    ]);
  });
  it("a new folio of a VM_LOCKED vma waits in the mlock batch off the LRU (5.18+), in lru_add on mm-2026", () => {
    const newMlocked = (kernel: string) => {
      const { m, vma } = anonMachine(kernel, 1);
      const seen: (string | number | boolean)[] = [];
      runTask(m, vma, 0, function* (k) {
        yield* mlock2(k, vma, true);
        const [f] = yield* faultIn(k, vma, 0, 1);
        const b = k.batches[0]!;
        // mlock_count of a new folio differs by path (lru_add leaves it 0); the list is what counts.
        const list = () => where(k, f!).replace(/ count=\d+/, "");
        seen.push(b[MLOCK_BATCH]!.nr, b[LRU_ADD]!.nr, list());
        yield* lruAddDrain(k); // the lru_add batches, then the mlock batch
        seen.push(list());
      });
      return seen;
    };
    expect(newMlocked("v6.17")).toEqual([1, 0, "none mlocked=true", "unevictable mlocked=true"]);
    expect(newMlocked("mm-2026")).toEqual([0, 1, "none mlocked=true", "unevictable mlocked=true"]);
  });
});

describe("mlock2 / munlock (§5.4)", () => {
  it("mlock2 makes the present pages unevictable; munlock gives them back to the evictable lists", () => {
    const { m, vma } = anonMachine("v6.17", 3);
    const seen: string[][] = [];
    runTask(m, vma, 0, function* (k) {
      const folios = yield* faultOntoLru(k, vma, 3);
      yield* mlock2(k, vma, false);
      seen.push(folios.map((f) => where(k, f)));
      yield* munlock(k, vma);
      seen.push(folios.map((f) => where(k, f)));
      seen.push(
        folios.map((f) => `${k.folios.lruList[f]! - 1 === LRU_INACTIVE_ANON} ${k.folios.test(f, PG_lru)}`),
      );
    });
    expect(seen[0]).toEqual(Array(3).fill("unevictable mlocked=true count=1"));
    expect(seen[1]).toEqual(Array(3).fill("evictable mlocked=false count=0"));
    expect(seen[2]).toEqual(Array(3).fill("true true"));
  });
});
