// The always-checked invariants (kernel-model.md §11, issue "Properties"): the reference
// ledger, NR_ISOLATED balance, at most one LRU batch per folio, PG_lru meaning, pins released
// exactly once. Checkers live apart from the system under test; they only read its state.

import { LRU_ADD, MLOCK_BATCH } from "./folio_batch.ts";
import { F_FREED, F_ISOLATED, PG_lru } from "./folio_flags.ts";
import { H_GUP_PIN, H_ISOLATION, H_LRU_BATCH, H_MLOCK_BATCH, NR_HOLDERS } from "./holders.ts";
import type { Kernel } from "./kernel.ts";

export class InvariantViolation extends Error {}

/** Checks folio `f` (cheap: run after every step on the folios it touched, or on all of them). */
export function checkFolio(k: Kernel, f: number): void {
  const t = k.folios;
  if (t.test(f, F_FREED)) {
    if (t.refcount[f] !== 0) fail(`folio ${f} freed with refcount ${t.refcount[f]}`);
    return;
  }
  const sum = t.ledgerSum(f);
  if (t.refcount[f] !== sum)
    fail(`folio ${f}: refcount ${t.refcount[f]} != ledger sum ${sum} (${ledgerText(k, f)})`);
  if (t.test(f, PG_lru) && t.lruList[f] === 0 && k.config.batches_hold_refs)
    fail(`folio ${f}: PG_lru but on no LRU list`);
  if (t.held(f, H_ISOLATION) > 0 !== t.test(f, F_ISOLATED))
    fail(`folio ${f}: isolation ref and isolated flag disagree`);
  if (t.hasPincount(f) && t.pincount[f] !== t.held(f, H_GUP_PIN))
    fail(`folio ${f}: _pincount ${t.pincount[f]} != pins`);
}

/** Checks every folio and the global balances. */
export function checkAll(k: Kernel): void {
  for (let f = 0; f < k.folios.count; f++) checkFolio(k, f);
  checkBatches(k);
  if (k.counters.nr_isolated_anon < 0 || k.counters.nr_isolated_file < 0) fail("NR_ISOLATED went negative");
  if (k.pinsOutstanding() !== k.counters.nr_foll_pin_acquired - k.counters.nr_foll_pin_released) {
    fail("pin accounting out of balance: NR_FOLL_PIN_ACQUIRED - RELEASED != pins held");
  }
}

/** A folio sits in at most one cpu_fbatches batch (6.11-6.16); batch references match batch entries. */
export function checkBatches(k: Kernel): void {
  const lruEntries = new Map<number, number>();
  const mlockEntries = new Map<number, number>();
  const inLruAdd = new Set<number>();
  for (const row of k.batches) {
    for (const b of row) {
      const m = b.kind === MLOCK_BATCH ? mlockEntries : lruEntries;
      for (const f of b.folios) m.set(f, (m.get(f) ?? 0) + 1);
      if (b.kind === LRU_ADD) for (const f of b.folios) inLruAdd.add(f);
    }
  }
  // On every version a folio in an lru_add batch is in no other LRU batch: it lacks PG_lru
  // (2026 rework: it is batched once, by lru_next) and every other queueing needs PG_lru.
  for (const f of inLruAdd) {
    if (lruEntries.get(f)! > 1)
      fail(`folio ${f} is in an lru_add batch and ${lruEntries.get(f)! - 1} more LRU batches`);
  }
  // Only 33dfe9204f29's queue-time test-and-clear of PG_lru (6.11-6.16) makes a second queueing
  // impossible; before and after it, folio_activate() then folio_rotate_reclaimable() (or two
  // activations before a drain) legitimately queue one folio twice (§4.3, §4.5).
  if (k.config.lru_flag_cleared_when_batched) {
    for (const [f, n] of lruEntries) {
      if (n > 1) fail(`folio ${f} is in ${n} LRU batches at once`);
    }
  }
  if (!k.config.batches_hold_refs) return;
  for (const [f, n] of lruEntries)
    if (k.folios.held(f, H_LRU_BATCH) !== n)
      fail(`folio ${f}: ${n} LRU batch entries, ${k.folios.held(f, H_LRU_BATCH)} refs`);
  for (const [f, n] of mlockEntries)
    if (k.folios.held(f, H_MLOCK_BATCH) !== n)
      fail(`folio ${f}: ${n} mlock entries, ${k.folios.held(f, H_MLOCK_BATCH)} refs`);
}

/** At the end of a run with every pinner finished: nothing isolated, no pins left. */
export function checkQuiescent(k: Kernel): void {
  if (k.counters.nr_isolated_anon !== 0 || k.counters.nr_isolated_file !== 0) {
    fail(
      `NR_ISOLATED not back to 0 (anon ${k.counters.nr_isolated_anon}, file ${k.counters.nr_isolated_file})`,
    );
  }
}

function ledgerText(k: Kernel, f: number): string {
  const parts: string[] = [];
  for (let h = 0; h < NR_HOLDERS; h++) if (k.folios.held(f, h) > 0) parts.push(`${h}:${k.folios.held(f, h)}`);
  return parts.join(" ");
}

function fail(msg: string): never {
  throw new InvariantViolation(msg);
}
