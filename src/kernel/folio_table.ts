// The folio table: struct-of-arrays, one slot per folio ever allocated in a run (slots are not
// reused, so a folio id names one folio for the whole run — what traces and explanations need).
// 51 bytes per folio; the kernel's own struct page is 64. FIELDS lists the arrays; growing makes
// each 1.5 times larger, so a grown table is at most a third empty. (One buffer with a view per
// field was tried: past glibc's mmap threshold each run's table then cost an mmap and page faults.)

import { F_FREED } from "./folio_flags.ts";
import { GUP_PIN_COUNTING_BIAS, H_GUP_PIN, NR_HOLDERS } from "./holders.ts";

export const NO_FOLIO = -1;

/** A reference that would wrap a folio's 32-bit refcount or pincount, as the kernel's atomics would. */
export class LedgerOverflowError extends RangeError {
  override readonly name = "LedgerOverflowError";
}

/** More folio slots than the run was allowed (FolioTable.maxCount, from the memory limit). */
export class FolioBudgetError extends Error {
  override readonly name = "FolioBudgetError";
}

type ArrayType =
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Uint16ArrayConstructor
  | Uint8ArrayConstructor;

/**
 * Every per-folio array of the table: name, element type, elements per folio. The one list to
 * extend with a field, and the one to walk to copy a table.
 */
const FIELDS = [
  ["refcount", Int32Array, 1],
  ["mapcount", Int32Array, 1],
  ["pincount", Int32Array, 1],
  ["flags", Int32Array, 1],
  ["mapping", Int32Array, 1],
  ["index", Int32Array, 1],
  ["lruPrev", Int32Array, 1],
  ["lruNext", Int32Array, 1],
  ["mlockCount", Uint32Array, 1], // an unsigned int in the kernel
  ["ledger", Uint8Array, NR_HOLDERS],
  ["order", Uint8Array, 1],
  ["zone", Uint8Array, 1],
  ["migratetype", Uint8Array, 1],
  ["lruList", Uint8Array, 1],
] as const satisfies readonly (readonly [string, ArrayType, number])[];

type FieldName = (typeof FIELDS)[number][0];
type FolioArrays = { [F in (typeof FIELDS)[number] as F[0]]: InstanceType<F[1]> };

const BYTES_PER_FOLIO = FIELDS.reduce((sum, [, type, per]) => sum + type.BYTES_PER_ELEMENT * per, 0);

/**
 * The 8-bit ledger counts of the folio whose slots start at `base`, summed: written out for the
 * 11 holder kinds, which takes half the time of the loop (the invariant checks sum every folio's
 * ledger at each pin result).
 */
export function sumLedger8(ledger: Uint8Array, base: number): number {
  if (NR_HOLDERS !== 11) {
    let sum = 0;
    for (let h = 0; h < NR_HOLDERS; h++) sum += ledger[base + h]!;
    return sum;
  }
  return (
    ledger[base]! +
    ledger[base + 1]! +
    ledger[base + 2]! +
    ledger[base + 3]! +
    ledger[base + 4]! +
    ledger[base + 5]! +
    ledger[base + 6]! +
    ledger[base + 7]! +
    ledger[base + 8]! +
    ledger[base + 9]! +
    ledger[base + 10]!
  );
}

/** How much larger the table gets each time it fills. */
const GROWTH = 1.5;

/** Zeroed arrays for `capacity` folios. */
function layout(capacity: number): FolioArrays {
  const arrays: Partial<Record<FieldName, Int32Array | Uint32Array | Uint16Array | Uint8Array>> = {};
  for (const [name, type, per] of FIELDS) arrays[name] = new type(capacity * per);
  return arrays as FolioArrays;
}

export class FolioTable {
  count = 0;
  refcount!: Int32Array;
  /** Number of page-table entries (PTE or PMD) mapping any part of the folio (§1.2). */
  mapcount!: Int32Array;
  /** _pincount of large folios (§1.3). */
  pincount!: Int32Array;
  flags!: Int32Array;
  order!: Uint8Array;
  zone!: Uint8Array;
  /** Pageblock migratetype (MIGRATE_MOVABLE / MIGRATE_CMA / MIGRATE_ISOLATE). */
  migratetype!: Uint8Array;
  /** Which LRU list (LRU_* + 1), 0 when on none. */
  lruList!: Uint8Array;
  /** File/shmem: address_space id. Anon: the vma id (stands in for the anon_vma). -1: none. */
  mapping!: Int32Array;
  /** Page offset in the mapping (file) or in the vma (anon). */
  index!: Int32Array;
  mlockCount!: Uint32Array;
  lruPrev!: Int32Array;
  lruNext!: Int32Array;
  /**
   * ledger[f * NR_HOLDERS + h]: the low 8 bits of the references of holder kind h (pins counted
   * once each). The kernel's refcount and pincount are 32-bit; counts past 0xff keep the rest in
   * `ledgerHigh` (count >> 8, same slots), made at the first such count: large folios mapped or
   * cached page by page. A run of small folios never makes it (pin-1m: 51 bytes per folio).
   */
  ledger!: Uint8Array;
  /** Slots this run may create; the lab sets it from the memory limit. */
  maxCount = Number.POSITIVE_INFINITY;
  private ledgerHigh: Uint32Array | null = null;

  constructor(capacity = 1024) {
    this.adopt(layout(Math.max(1, capacity)));
  }

  get capacity(): number {
    return this.refcount.length;
  }

  /** Bytes held per folio slot by the table's arrays. */
  static readonly BYTES_PER_FOLIO = BYTES_PER_FOLIO;

  /** A new folio with refcount 0 and every field cleared; the caller takes the first reference. */
  create(order: number, zone: number, migratetype: number): number {
    if (this.count >= this.maxCount) throw new FolioBudgetError(`more than ${this.maxCount} folios`);
    if (this.count === this.capacity) this.grow();
    const f = this.count++;
    this.order[f] = order;
    this.zone[f] = zone;
    this.migratetype[f] = migratetype;
    this.mapping[f] = -1;
    this.index[f] = -1;
    this.lruPrev[f] = NO_FOLIO;
    this.lruNext[f] = NO_FOLIO;
    return f;
  }

  nrPages(f: number): number {
    return 1 << this.order[f]!;
  }

  isLarge(f: number): boolean {
    return this.order[f]! > 0;
  }

  /** folio_has_pincount(): every large folio on 64-bit (§1.3). */
  hasPincount(f: number): boolean {
    return this.order[f]! > 0;
  }

  test(f: number, bit: number): boolean {
    return (this.flags[f]! & bit) !== 0;
  }
  set(f: number, bit: number): void {
    this.flags[f] = this.flags[f]! | bit;
  }
  clear(f: number, bit: number): void {
    this.flags[f] = this.flags[f]! & ~bit;
  }
  /** folio_test_clear_*: clears the bit and says whether it was set. */
  testClear(f: number, bit: number): boolean {
    const was = (this.flags[f]! & bit) !== 0;
    if (was) this.flags[f] = this.flags[f]! & ~bit;
    return was;
  }

  held(f: number, holder: number): number {
    return this.slotCount(f * NR_HOLDERS + holder);
  }

  private slotCount(slot: number): number {
    const high = this.ledgerHigh;
    return high === null ? this.ledger[slot]! : this.ledger[slot]! + high[slot]! * 0x100;
  }

  /** Adds `n` (may be negative) references of `holder`; returns the refcount delta applied. */
  addRefs(f: number, holder: number, n: number): number {
    const slot = f * NR_HOLDERS + holder;
    const now = this.slotCount(slot) + n;
    const delta = holder === H_GUP_PIN && !this.hasPincount(f) ? n * GUP_PIN_COUNTING_BIAS : n;
    const refcount = this.refcount[f]! + delta;
    if (now < 0) throw new RangeError(`folio ${f}: dropping absent refs of holder ${holder}`);
    // The kernel's counters are 32-bit atomics: pinsim refuses what would wrap them.
    if (now > 0x7fffffff || refcount > 0x7fffffff)
      throw new LedgerOverflowError(`folio ${f}: too many refs of holder ${holder}`);
    this.ledger[slot] = now & 0xff;
    if (now > 0xff && this.ledgerHigh === null) this.ledgerHigh = new Uint32Array(this.ledger.length);
    if (this.ledgerHigh !== null) this.ledgerHigh[slot] = Math.floor(now / 0x100);
    this.refcount[f] = refcount;
    return delta;
  }

  /** Refcount implied by the ledger: the invariant is refcount == ledgerSum (design.md). */
  ledgerSum(f: number): number {
    let sum = 0;
    const base = f * NR_HOLDERS;
    if (this.ledgerHigh === null) {
      // Every count fits its 8 bits (runs of small folios): the invariant checks' hot loop.
      const ledger = this.ledger;
      sum = sumLedger8(ledger, base);
      if (!this.hasPincount(f)) sum += ledger[base + H_GUP_PIN]! * (GUP_PIN_COUNTING_BIAS - 1);
      return sum;
    }
    for (let h = 0; h < NR_HOLDERS; h++) sum += this.slotCount(base + h);
    if (!this.hasPincount(f)) sum += this.slotCount(base + H_GUP_PIN) * (GUP_PIN_COUNTING_BIAS - 1);
    return sum;
  }

  /** True while every ledger count fits its 8 bits: `ledger` alone then is the whole ledger. */
  get ledgerFits8(): boolean {
    return this.ledgerHigh === null;
  }

  isFreed(f: number): boolean {
    return (this.flags[f]! & F_FREED) !== 0;
  }

  /**
   * Back to an empty table, keeping its arrays: the next run's kernel boots on it, so a run of
   * many seeds, or the model checker's thousands of executions, allocate (and zero) no new table
   * each. Clears only the slots in use.
   */
  reset(): void {
    for (const [name, , per] of FIELDS) this[name].fill(0, 0, this.count * per);
    this.count = 0;
    this.ledgerHigh = null;
    this.maxCount = Number.POSITIVE_INFINITY;
  }

  private grow(): void {
    const next = layout(Math.ceil(this.capacity * GROWTH));
    for (const [name] of FIELDS) next[name].set(this[name]);
    if (this.ledgerHigh !== null) {
      const high = new Uint32Array(next.ledger.length);
      high.set(this.ledgerHigh);
      this.ledgerHigh = high;
    }
    this.adopt(next);
  }

  /** Named stores, not a loop over FIELDS: keyed stores would cost every later access its speed. */
  private adopt(v: FolioArrays): void {
    this.refcount = v.refcount;
    this.mapcount = v.mapcount;
    this.pincount = v.pincount;
    this.flags = v.flags;
    this.mapping = v.mapping;
    this.index = v.index;
    this.lruPrev = v.lruPrev;
    this.lruNext = v.lruNext;
    this.mlockCount = v.mlockCount;
    this.ledger = v.ledger;
    this.order = v.order;
    this.zone = v.zone;
    this.migratetype = v.migratetype;
    this.lruList = v.lruList;
  }
}
