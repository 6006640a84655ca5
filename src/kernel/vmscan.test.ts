import { describe, expect, it } from "vitest";
import { anonMachine, faultIn, faultOntoLru, runTask } from "../../test/support/kernel_machine.ts";
import { LRU_ADD } from "./folio_batch.ts";
import { F_ISOLATED, PG_lru } from "./folio_flags.ts";
import { H_ISOLATION, H_LRU_BATCH } from "./holders.ts";
import type { Kernel } from "./kernel.ts";
import { lruAddDrain } from "./swap.ts";
import { folioIsolateLru, folioPutbackLru } from "./vmscan.ts";

/** refcount, isolation refs, PG_lru, on an LRU list, F_ISOLATED. */
function state(k: Kernel, f: number): string {
  const t = k.folios;
  return `ref=${t.refcount[f]} iso=${t.held(f, H_ISOLATION)} lru=${t.test(f, PG_lru)} listed=${t.lruList[f] !== 0} isolated=${t.test(f, F_ISOLATED)}`;
}

describe("folio_isolate_lru (§3.4 step 6)", () => {
  it("wins PG_lru, takes a reference and takes the folio off its list; a second try fails", () => {
    const { m, vma } = anonMachine("v6.17", 1);
    const seen: (string | boolean)[] = [];
    runTask(m, vma, 0, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      seen.push(state(k, f!), folioIsolateLru(k, f!), state(k, f!), folioIsolateLru(k, f!), state(k, f!));
    });
    expect(seen).toEqual([
      "ref=1 iso=0 lru=true listed=true isolated=false",
      true,
      "ref=2 iso=1 lru=false listed=false isolated=true",
      false,
      "ref=2 iso=1 lru=false listed=false isolated=true",
    ]);
  });

  it("a folio still waiting in an lru_add batch has no PG_lru and cannot be isolated", () => {
    const { m, vma } = anonMachine("v6.17", 1);
    const seen: (string | boolean)[] = [];
    runTask(m, vma, 0, function* (k) {
      const [f] = yield* faultIn(k, vma, 0, 1);
      seen.push(folioIsolateLru(k, f!), state(k, f!));
    });
    expect(seen).toEqual([false, "ref=2 iso=0 lru=false listed=false isolated=false"]);
  });

  it("mm-2026: a batched folio keeps PG_lru, and isolation takes it out of the batch", () => {
    const { m, vma } = anonMachine("mm-2026", 1);
    const seen: (string | boolean | number)[] = [];
    runTask(m, vma, 0, function* (k) {
      const [f] = yield* faultIn(k, vma, 0, 1);
      const batch = k.batches[0]![LRU_ADD]!;
      seen.push(batch.nr, folioIsolateLru(k, f!), batch.nr, state(k, f!));
    });
    expect(seen).toEqual([1, true, 0, "ref=2 iso=1 lru=false listed=false isolated=true"]);
  });
});

describe("folio_putback_lru (§3.5)", () => {
  it("returns the folio through this CPU's lru_add batch and drops the isolation reference", () => {
    const { m, vma } = anonMachine("v6.17", 1);
    const seen: (string | number)[] = [];
    runTask(m, vma, 1, function* (k) {
      const [f] = yield* faultOntoLru(k, vma, 1);
      folioIsolateLru(k, f!);
      folioPutbackLru(k, f!);
      seen.push(k.batches[1]![LRU_ADD]!.nr, k.folios.held(f!, H_LRU_BATCH), state(k, f!));
      yield* lruAddDrain(k);
      seen.push(state(k, f!));
    });
    expect(seen).toEqual([
      1,
      1,
      "ref=2 iso=0 lru=false listed=false isolated=false",
      "ref=1 iso=0 lru=true listed=true isolated=false",
    ]);
  });
});
