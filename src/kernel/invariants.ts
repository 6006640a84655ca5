// The always-checked invariants (kernel-model.md §11, issue "Properties"): the reference
// ledger, PG_lru meaning, the LRU batch rules, NR_ISOLATED balance, pins released exactly once.
// Checkers live apart from the system under test; they only read its state. This file is their
// one implementation: runs and tests (checkAll after every step), the model checker (each rule
// under its own property, after every event) and run verdicts (quiescentViolation) all call it.
// Each rule returns what is wrong, or null; it allocates nothing unless something is wrong, since
// the model checker runs it after every event of every execution.

import { MLOCK_BATCH } from "./folio_batch.ts";
import { F_FREED, F_ISOLATED, PG_lru } from "./folio_flags.ts";
import { sumLedger8 } from "./folio_table.ts";
import {
  GUP_PIN_COUNTING_BIAS,
  H_GUP_PIN,
  H_ISOLATION,
  H_LRU_BATCH,
  H_MLOCK_BATCH,
  NR_HOLDERS,
} from "./holders.ts";
import type { Kernel } from "./kernel.ts";

export class InvariantViolation extends Error {}

/** Throws the first broken invariant: after every step of a run or a test (Machine's observer). */
export function checkAll(k: Kernel): void {
  const msg = kernelViolation(k);
  if (msg !== null) throw new InvariantViolation(msg);
}

/** The first broken invariant of any folio, the batches or the counters, or null. */
export function kernelViolation(k: Kernel): string | null {
  if (allRulesHold(k)) return null;
  return foliosViolation(k) ?? batchViolation(k) ?? isolatedViolation(k) ?? pinBalanceViolation(k);
}

/**
 * Every rule kernelViolation() asks, in one pass over the folios that reads the ledger directly:
 * true only if none is broken. Runs check at every pin result and the rules one by one took three
 * passes (folios, batches, pins held), most of a compare run's checking cost; they now run only
 * to name what this pass found wrong. False also when a ledger count needs more than its 8 bits
 * (large folios mapped page by page): the rules' own, exact reading then decides.
 */
export function allRulesHold(k: Kernel): boolean {
  const t = k.folios;
  if (!t.ledgerFits8) return false;
  const n = t.count;
  countBatchEntries(k, n);
  const oneBatchOnly = k.config.lru_flag_cleared_when_batched;
  const holdsRefs = k.config.batches_hold_refs;
  const { ledger, refcount, flags, order, lruList, pincount } = t;
  let pins = 0;
  for (let f = 0; f < n; f++) {
    const base = f * NR_HOLDERS;
    const pin = ledger[base + H_GUP_PIN]!;
    pins += pin;
    const inLru = lruEntries[f]!;
    if (oneBatchOnly && inLru > 1) return false;
    if (
      holdsRefs &&
      (ledger[base + H_LRU_BATCH] !== inLru || ledger[base + H_MLOCK_BATCH] !== mlockEntries[f])
    )
      return false;
    const fl = flags[f]!;
    if (fl & F_FREED) {
      if (refcount[f] !== 0) return false;
      continue;
    }
    let sum = sumLedger8(ledger, base);
    const large = order[f]! > 0; // folio_has_pincount()
    if (!large) sum += pin * (GUP_PIN_COUNTING_BIAS - 1);
    if (refcount[f] !== sum) return false;
    if (fl & PG_lru && lruList[f] === 0 && holdsRefs) return false;
    if (ledger[base + H_ISOLATION]! > 0 !== ((fl & F_ISOLATED) !== 0)) return false;
    if (large && pincount[f] !== pin) return false;
  }
  const c = k.counters;
  if (c.nr_isolated_anon < 0 || c.nr_isolated_file < 0) return false;
  return pins === c.nr_foll_pin_acquired - c.nr_foll_pin_released;
}

export function foliosViolation(k: Kernel): string | null {
  for (let f = 0; f < k.folios.count; f++) {
    const msg = folioViolation(k, f);
    if (msg !== null) return msg;
  }
  return null;
}

/** Folio `f`'s ledger and flags (cheap: the checker runs it on the folios a step touched). */
export function folioViolation(k: Kernel, f: number): string | null {
  const t = k.folios;
  if (t.test(f, F_FREED))
    return t.refcount[f] === 0 ? null : `folio ${f} freed with refcount ${t.refcount[f]}`;
  const sum = t.ledgerSum(f);
  if (t.refcount[f] !== sum)
    return `folio ${f}: refcount ${t.refcount[f]} != ledger sum ${sum} (${ledgerText(k, f)})`;
  if (t.test(f, PG_lru) && t.lruList[f] === 0 && k.config.batches_hold_refs)
    return `folio ${f}: PG_lru but on no LRU list`;
  if (t.held(f, H_ISOLATION) > 0 !== t.test(f, F_ISOLATED))
    return `folio ${f}: isolation ref and isolated flag disagree`;
  if (t.hasPincount(f) && t.pincount[f] !== t.held(f, H_GUP_PIN))
    return `folio ${f}: _pincount ${t.pincount[f]} != pins`;
  return null;
}

/** Entries per folio in LRU batches, in mlock batches, in lru_add batches: reused by every call. */
let lruEntries = new Int32Array(64);
let mlockEntries = new Int32Array(64);

/**
 * The cpu_fbatches rules: a folio in an lru_add batch is in no other LRU batch; in 6.11-6.16 a
 * folio is in at most one LRU batch; where batches hold references, every folio holds exactly
 * one LRU (mlock) batch reference per LRU (mlock) batch entry.
 */
export function batchViolation(k: Kernel): string | null {
  const n = k.folios.count;
  countBatchEntries(k, n);
  const oneBatchOnly = k.config.lru_flag_cleared_when_batched;
  const holdsRefs = k.config.batches_hold_refs;
  for (let f = 0; f < n; f++) {
    const inLru = lruEntries[f]!;
    // A folio in an lru_add batch can also sit in another LRU batch where PG_lru stays set while
    // batched: queued for deactivation, then isolated for migration, which fails and puts it
    // back through folio_putback_lru() into this CPU's lru_add batch. Only the 6.11-6.16
    // test-and-clear below rules that out.
    // Only 33dfe9204f29's queue-time test-and-clear of PG_lru (6.11-6.16) makes a second queueing
    // impossible; before and after it, folio_activate() then folio_rotate_reclaimable() (or two
    // activations before a drain) legitimately queue one folio twice (§4.3, §4.5).
    if (oneBatchOnly && inLru > 1) return `folio ${f} is in ${inLru} LRU batches at once`;
    if (!holdsRefs) continue;
    if (k.folios.held(f, H_LRU_BATCH) !== inLru)
      return `folio ${f}: ${inLru} LRU batch entries, ${k.folios.held(f, H_LRU_BATCH)} refs`;
    if (k.folios.held(f, H_MLOCK_BATCH) !== mlockEntries[f])
      return `folio ${f}: ${mlockEntries[f]} mlock entries, ${k.folios.held(f, H_MLOCK_BATCH)} refs`;
  }
  return null;
}

function countBatchEntries(k: Kernel, n: number): void {
  if (lruEntries.length < n) {
    lruEntries = new Int32Array(2 * n);
    mlockEntries = new Int32Array(2 * n);
  }
  lruEntries.fill(0, 0, n);
  mlockEntries.fill(0, 0, n);
  for (const row of k.batches) {
    for (const b of row) {
      const counts = b.kind === MLOCK_BATCH ? mlockEntries : lruEntries;
      for (let i = 0; i < b.nr; i++) counts[b.folios[i]!]!++;
    }
  }
}

/** NR_ISOLATED_ANON/FILE never go below 0. */
export function isolatedViolation(k: Kernel): string | null {
  const c = k.counters;
  if (c.nr_isolated_anon < 0 || c.nr_isolated_file < 0)
    return `NR_ISOLATED went negative (anon ${c.nr_isolated_anon}, file ${c.nr_isolated_file})`;
  return null;
}

/** NR_FOLL_PIN_ACQUIRED - NR_FOLL_PIN_RELEASED equals the pins the folios hold. */
export function pinBalanceViolation(k: Kernel): string | null {
  const c = k.counters;
  if (k.pinsOutstanding() !== c.nr_foll_pin_acquired - c.nr_foll_pin_released)
    return "pin accounting out of balance: NR_FOLL_PIN_ACQUIRED - RELEASED != pins held";
  return null;
}

/** Once no pin is between isolation and putback (a run's or an execution's end): nothing isolated. */
export function quiescentViolation(k: Kernel): string | null {
  const c = k.counters;
  if (c.nr_isolated_anon !== 0 || c.nr_isolated_file !== 0)
    return `NR_ISOLATED not back to 0 (anon ${c.nr_isolated_anon}, file ${c.nr_isolated_file})`;
  return null;
}

function ledgerText(k: Kernel, f: number): string {
  const parts: string[] = [];
  for (let h = 0; h < NR_HOLDERS; h++) if (k.folios.held(f, h) > 0) parts.push(`${h}:${k.folios.held(f, h)}`);
  return parts.join(" ");
}
