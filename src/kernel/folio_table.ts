// The folio table: struct-of-arrays, one slot per folio ever allocated in a run (slots are not
// reused, so a folio id names one folio for the whole run — what traces and explanations need).
// 60 bytes per folio; the kernel's own struct page is 64.

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

export class FolioTable {
  count = 0;
  refcount: Int32Array;
  /** Number of page-table entries (PTE or PMD) mapping any part of the folio (§1.2). */
  mapcount: Int32Array;
  /** _pincount of large folios (§1.3). */
  pincount: Int32Array;
  flags: Int32Array;
  order: Uint8Array;
  zone: Uint8Array;
  /** Pageblock migratetype (MIGRATE_MOVABLE / MIGRATE_CMA / MIGRATE_ISOLATE). */
  migratetype: Uint8Array;
  /** Which LRU list (LRU_* + 1), 0 when on none. */
  lruList: Uint8Array;
  /** File/shmem: address_space id. Anon: the vma id (stands in for the anon_vma). -1: none. */
  mapping: Int32Array;
  /** Page offset in the mapping (file) or in the vma (anon). */
  index: Int32Array;
  /** mlock_count: an unsigned int in the kernel, so 32-bit here too. */
  mlockCount: Uint32Array;
  lruPrev: Int32Array;
  lruNext: Int32Array;
  /**
   * ledger[f * NR_HOLDERS + h]: the low 16 bits of the references of holder kind h (pins counted
   * once each). The kernel's refcount and pincount are 32-bit; counts past 0xffff keep their high
   * part in `ledgerHigh` (slot -> count / 0x10000), which stays empty in every ordinary run, so
   * the table keeps its 60 bytes per folio.
   */
  ledger: Uint16Array;
  /** Slots this run may create; the lab sets it from the memory limit. */
  maxCount = Number.POSITIVE_INFINITY;
  private readonly ledgerHigh = new Map<number, number>();

  constructor(capacity = 1024) {
    this.refcount = new Int32Array(capacity);
    this.mapcount = new Int32Array(capacity);
    this.pincount = new Int32Array(capacity);
    this.flags = new Int32Array(capacity);
    this.order = new Uint8Array(capacity);
    this.zone = new Uint8Array(capacity);
    this.migratetype = new Uint8Array(capacity);
    this.lruList = new Uint8Array(capacity);
    this.mapping = new Int32Array(capacity);
    this.index = new Int32Array(capacity);
    this.mlockCount = new Uint32Array(capacity);
    this.lruPrev = new Int32Array(capacity);
    this.lruNext = new Int32Array(capacity);
    this.ledger = new Uint16Array(capacity * NR_HOLDERS);
  }

  get capacity(): number {
    return this.refcount.length;
  }

  /** Bytes held per folio slot by the table's arrays. */
  static readonly BYTES_PER_FOLIO = 4 * 4 + 1 * 4 + 4 * 2 + 2 + 4 * 2 + 2 * NR_HOLDERS;

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
    const low = this.ledger[slot]!;
    return this.ledgerHigh.size === 0 ? low : low + (this.ledgerHigh.get(slot) ?? 0) * 0x10000;
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
    this.ledger[slot] = now & 0xffff;
    const high = Math.floor(now / 0x10000);
    if (high > 0) this.ledgerHigh.set(slot, high);
    else if (this.ledgerHigh.size > 0) this.ledgerHigh.delete(slot);
    this.refcount[f] = refcount;
    return delta;
  }

  /** Refcount implied by the ledger: the invariant is refcount == ledgerSum (design.md). */
  ledgerSum(f: number): number {
    let sum = 0;
    const base = f * NR_HOLDERS;
    for (let h = 0; h < NR_HOLDERS; h++) sum += this.slotCount(base + h);
    if (!this.hasPincount(f)) sum += this.slotCount(base + H_GUP_PIN) * (GUP_PIN_COUNTING_BIAS - 1);
    return sum;
  }

  isFreed(f: number): boolean {
    return (this.flags[f]! & F_FREED) !== 0;
  }

  // Snapshot and restore, for the model checker's per-execution reuse of one table. Generic over
  // the table's own fields (typed arrays, numbers, maps), so a change of layout needs none here.

  /** Makes this table equal to `src`: same slots, same contents; arrays of the right size are reused. */
  restoreFrom(src: FolioTable): void {
    const to = this as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(src)) {
      const mine = to[key];
      if (ArrayBuffer.isView(value)) {
        const from = value as Int32Array;
        if (ArrayBuffer.isView(mine) && (mine as Int32Array).length === from.length)
          (mine as Int32Array).set(from);
        else to[key] = from.slice();
      } else if (value instanceof Map) {
        const m = mine as Map<unknown, unknown>;
        m.clear();
        for (const [k, v] of value) m.set(k, v);
      } else if (value instanceof Set) to[key] = new Set(value);
      else if (Array.isArray(value)) to[key] = value.slice();
      else if (typeof value !== "object" || value === null) to[key] = value;
      else throw new Error(`FolioTable.restoreFrom: field ${key} is of a kind it cannot copy`);
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    this.refcount = growI32(this.refcount, cap);
    this.mapcount = growI32(this.mapcount, cap);
    this.pincount = growI32(this.pincount, cap);
    this.flags = growI32(this.flags, cap);
    this.order = growU8(this.order, cap);
    this.zone = growU8(this.zone, cap);
    this.migratetype = growU8(this.migratetype, cap);
    this.lruList = growU8(this.lruList, cap);
    this.mapping = growI32(this.mapping, cap);
    this.index = growI32(this.index, cap);
    const m = new Uint32Array(cap);
    m.set(this.mlockCount);
    this.mlockCount = m;
    this.lruPrev = growI32(this.lruPrev, cap);
    this.lruNext = growI32(this.lruNext, cap);
    const l = new Uint16Array(cap * NR_HOLDERS);
    l.set(this.ledger);
    this.ledger = l;
  }
}

function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
function growU8(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}
