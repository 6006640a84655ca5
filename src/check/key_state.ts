// The state behind each footprint key, hashed: what a step could have read when it touched that
// key. The sound visited-state cache (fingerprint.ts, mode "reads") folds into a task's history
// the values of the keys each of its steps touched, as they were before the step: a folio key
// stands for the folio's row, a batch key for that batch, a work key for that CPU's drain work,
// KEY_PAGE_TABLES for every page table, VMA and page cache, and so on (hashKeyState). CPU keys
// carry no data a step reads; every wait-queue key stands for the barriers and the drain mutex.

import { CPU_KEY_BASE } from "../engine/cpu_key.ts";
import { QUEUE_KEY_BASE } from "../engine/wait_queue.ts";
import type { FolioTable } from "../kernel/folio_table.ts";
import { NR_HOLDERS } from "../kernel/holders.ts";
import {
  batchKey,
  folioKey,
  KEY_DRAIN_GEN,
  KEY_DRAIN_MUTEX,
  KEY_LRU,
  KEY_LRU_DISABLE,
  KEY_PAGE_TABLES,
  KEY_STATIC_KEY,
  KEY_ZONES,
  type Kernel,
  PAGECACHE_KEY_BASE,
  PTE_KEY_BASE,
  pageCacheKey,
  pteKey,
} from "../kernel/kernel.ts";
import { NR_LRU_LISTS } from "../kernel/lru_lists.ts";
import type { World } from "../workloads/world.ts";

/** Two 32-bit FNV-1a style lanes: a 64-bit fingerprint. */
export class Hasher {
  a = 0x811c9dc5;
  b = 0x9e3779b9;
  add(x: number): void {
    const v = x | 0;
    this.a = Math.imul(this.a ^ v, 0x01000193);
    this.b = Math.imul(this.b ^ (v + 0x632be5ab), 0x5bd1e995) ^ (this.b >>> 15);
  }
  /** A string as its length and its memoized 32-bit code (names recur at every step). */
  addString(s: string): void {
    this.add(s.length);
    this.add(stringCode(s));
  }
  reset(): void {
    this.a = 0x811c9dc5;
    this.b = 0x9e3779b9;
  }
  /** One 32-bit digest (for folding into another hash). */
  digest(): number {
    return (this.a ^ Math.imul(this.b, 31)) | 0;
  }
  text(): string {
    return `${(this.a >>> 0).toString(36)}.${(this.b >>> 0).toString(36)}`;
  }
}

/** Codes of the strings hashed so far: the workload's names, labels and tasks, a few dozen. */
const stringCodes = new Map<string, number>();
/** Past this many, the memo starts again (labels with unbounded ids would otherwise grow it). */
const MAX_STRING_CODES = 4096;

function stringCode(s: string): number {
  let code = stringCodes.get(s);
  if (code === undefined) {
    let a = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
    code = a | 0;
    if (stringCodes.size >= MAX_STRING_CODES) stringCodes.clear();
    stringCodes.set(s, code);
  }
  return code;
}

const FOLIO_KEY_0 = folioKey(0);
const FIRST_BATCH_KEY = batchKey(0, 0);
/** The class of every wait-queue key: the workload's shared objects (barriers...). */
const QUEUES = -1;
/** A folio key whose folio did not exist before the step (it was created by it). */
const ABSENT = 0x7fffffff;

/**
 * The value behind each footprint key, as one 32-bit hash, kept current after each step: only
 * keys a step wrote change (the footprints' contract). The hashes of the keys a step touched,
 * as they were before it, are what the step could have read.
 */
export class KeyState {
  private readonly k: Kernel;
  private readonly w: World;
  private readonly h = new Hasher();
  /** Hash of each folio's row, by folio id; undefined: not created yet. */
  private readonly folioHash: (number | undefined)[] = [];
  /** Hash of each other key (globals, batches, work items; QUEUES for every wait queue). */
  private readonly keyHash = new Map<number, number>();
  /** Hash of each page-table entry and page-cache slot key a step touched. */
  private readonly entries = new Map<number, number>();

  constructor(k: Kernel, w: World) {
    this.k = k;
    this.w = w;
    for (let f = 0; f < k.folios.count; f++) this.folioHash[f] = this.hashFolio(f);
    for (let key = 0; key < FIRST_BATCH_KEY; key++) this.keyHash.set(key, this.hashKey(key));
    for (let cpu = 0; cpu < k.nrCpus; cpu++)
      for (let kind = 0; kind < 8; kind++) {
        const key = batchKey(cpu, kind);
        this.keyHash.set(key, this.hashKey(key));
      }
    this.keyHash.set(QUEUES, this.hashKey(QUEUES));
    this.hashAllEntries();
  }

  /**
   * Folds into `into` the values, before the step, of the keys in `footprint` (call it after the
   * step and before update(): keys the step only read still hold their old hash), and the state
   * some steps read without a key (unkeyedState).
   */
  observed(footprint: readonly number[], into: Hasher, from = 0): void {
    for (let i = from; i < footprint.length; i++) {
      const a = footprint[i]!;
      const key = a < 0 ? -a - 1 : a;
      if (key >= CPU_KEY_BASE) continue; // who runs where: no data a step reads
      into.add(key);
      if (key >= QUEUE_KEY_BASE) into.add(this.keyHash.get(QUEUES)!);
      else if (key >= PTE_KEY_BASE) into.add(this.entryHash(key));
      else if (key >= FOLIO_KEY_0) into.add(this.folioHash[key - FOLIO_KEY_0] ?? ABSENT);
      else into.add(this.keyHash.get(key) ?? 0);
    }
    this.h.reset();
    unkeyedState(this.h, this.k, this.w);
    into.add(this.h.digest());
  }

  /**
   * After a step (or the part of it from `from`): re-hash what it wrote. A key written several
   * times (half the writes of a step) is re-hashed once: each re-hash reads the state after it.
   */
  update(footprint: readonly number[], from = 0): void {
    for (let i = from; i < footprint.length; i++) {
      const a = footprint[i]!;
      if (a >= 0 || writtenBefore(footprint, from, i)) continue;
      const key = -a - 1;
      if (key >= CPU_KEY_BASE) continue;
      if (key >= QUEUE_KEY_BASE) this.keyHash.set(QUEUES, this.hashKey(QUEUES));
      else if (key >= PTE_KEY_BASE) this.entries.set(key, this.hashEntry(key));
      else if (key >= FOLIO_KEY_0) {
        const f = key - FOLIO_KEY_0;
        this.folioHash[f] = f < this.k.folios.count ? this.hashFolio(f) : undefined;
      } else {
        this.keyHash.set(key, this.hashKey(key));
        if (key === KEY_PAGE_TABLES) this.hashAllEntries();
      }
    }
  }

  /**
   * A page-table entry or page-cache slot key's value before the current step. Every entry is
   * hashed at the start and after every write of KEY_PAGE_TABLES (a VMA made, unmapped or
   * walked); one missing was made since without a write: a new, empty slot.
   */
  private entryHash(key: number): number {
    return this.entries.get(key) ?? ABSENT;
  }

  /** Hashes every page-table entry and page-cache slot. */
  private hashAllEntries(): void {
    this.entries.clear();
    for (const v of this.k.vmas)
      for (let i = 0; i < v.pte.length; i++) {
        const key = pteKey(v.id, i);
        this.entries.set(key, this.hashEntry(key));
      }
    for (const s of this.k.spaces)
      for (let i = 0; i < s.pages.length; i++) {
        const key = pageCacheKey(s.id, i);
        this.entries.set(key, this.hashEntry(key));
      }
  }

  private hashEntry(key: number): number {
    const h = this.h;
    h.reset();
    hashEntryState(h, this.k, key);
    return h.digest();
  }

  /** A folio's row, without its LRU links (those are KEY_LRU's: the lists' order). */
  private hashFolio(f: number): number {
    this.h.reset();
    hashFolioRow(this.h, this.k.folios, f);
    return this.h.digest();
  }

  private hashKey(key: number): number {
    const h = this.h;
    h.reset();
    hashKeyState(h, this.k, this.w, key);
    return h.digest();
  }
}

/** footprint[i] is also in footprint[from..i). */
function writtenBefore(footprint: readonly number[], from: number, i: number): boolean {
  const a = footprint[i]!;
  for (let j = from; j < i; j++) if (footprint[j] === a) return true;
  return false;
}

/** The entries a pteKey or pageCacheKey stands for (ids and indexes wrap: all that share it). */
function hashEntryState(h: Hasher, k: Kernel, key: number): void {
  const cache = key >= PAGECACHE_KEY_BASE;
  const rel = key - (cache ? PAGECACHE_KEY_BASE : PTE_KEY_BASE);
  const id = rel >> 14;
  const index = rel & 0x3fff;
  if (cache) {
    for (const s of k.spaces)
      if ((s.id & 0x1fff) === id) for (let i = index; i < s.pages.length; i += 0x4000) h.add(s.pages[i]!);
    return;
  }
  for (const v of k.vmas)
    if ((v.id & 0x1fff) === id) for (let i = index; i < v.pte.length; i += 0x4000) h.add(v.pte[i]!);
}

/** The state behind one non-folio key (an unknown global key: everything global, conservatively). */
function hashKeyState(h: Hasher, k: Kernel, w: World, key: number): void {
  if (key === QUEUES) {
    hashQueued(h, k, w);
    return;
  }
  if (key >= FIRST_BATCH_KEY) {
    const cpu = (key - FIRST_BATCH_KEY) >> 3;
    const kind = (key - FIRST_BATCH_KEY) & 7;
    if (kind === 7) hashWork(h, k, cpu);
    const b = kind === 7 ? undefined : k.batches[cpu]?.[kind];
    if (b !== undefined) for (let i = 0; i < b.nr; i++) h.add(b.folios[i]! * 4 + b.tags[i]!);
    return;
  }
  switch (key) {
    case KEY_DRAIN_MUTEX:
      h.add(k.lruDrainMutex.owner ?? -1);
      break;
    case KEY_DRAIN_GEN:
      h.add(k.lruDrainGen);
      break;
    case KEY_LRU:
      hashLru(h, k);
      break;
    case KEY_STATIC_KEY:
      h.add(k.folioPutWakeupKey);
      break;
    case KEY_LRU_DISABLE:
      h.add(k.lruDisableCount);
      break;
    case KEY_ZONES:
      hashZones(h, k);
      break;
    case KEY_PAGE_TABLES:
      hashMappings(h, k);
      break;
    default:
      hashShared(h, k, w);
  }
}

function hashLru(h: Hasher, k: Kernel): void {
  for (let list = 0; list < NR_LRU_LISTS; list++) {
    for (let f = k.lru.head[list]!; f >= 0; f = k.folios.lruNext[f]!) h.add(f);
    h.add(-1);
  }
}

/** Free pages per zone, and the next folio id an allocation takes. */
function hashZones(h: Hasher, k: Kernel): void {
  h.add(k.folios.count);
  for (const place of ["dma32", "normal", "movable", "cma"] as const) h.add(k.zones.freePages(place));
}

/** Page tables, VMAs, mms and page caches (KEY_PAGE_TABLES). */
function hashMappings(h: Hasher, k: Kernel): void {
  for (const mm of k.mms) {
    h.add(+mm.hasPinned);
    h.add(mm.nextFreePage);
    h.add(mm.defFlags);
    h.add(mm.vmas.length);
  }
  for (const v of k.vmas) {
    h.add(v.flags);
    h.add(+v.thp | (+v.unmapped << 1));
    for (const pte of v.pte) h.add(pte);
    for (const pmd of v.pmd) h.add(pmd);
  }
  for (const s of k.spaces) {
    for (const p of s.pages) h.add(p);
    h.add(-1);
  }
}

/** A CPU's drain work item and its worker pool's list (workKey). */
function hashWork(h: Hasher, k: Kernel, cpu: number): void {
  const wk = k.lruAddDrainWork[cpu];
  if (wk !== undefined) {
    h.add(+wk.pending);
    h.add(wk.cpu);
    h.add(wk.queued);
    h.add(wk.completed);
  }
  for (const item of k.workerPools[cpu]?.worklist ?? []) h.add(item.id);
}

/** Behind the wait-queue keys: the barriers, and the mutex a waiter re-checks. */
function hashQueued(h: Hasher, k: Kernel, w: World): void {
  for (const name of w.barriers.reachedNames().sort()) h.addString(name);
  h.add(k.lruDrainMutex.owner ?? -1);
}

/**
 * State some steps read without recording a key, folded into every step's observation: which
 * regions are mapped (World.mapped), the files, memfds and pipes the workload made, and
 * transient references. It changes only at a few steps, so it costs little merging.
 */
export function unkeyedState(h: Hasher, k: Kernel, w: World): void {
  for (const [name, r] of w.regions) {
    h.addString(name);
    h.add(r.vma.id * 2 + +r.vma.unmapped);
  }
  for (const name of w.files.keys()) h.addString(name);
  for (const name of w.memfds.keys()) h.addString(name);
  for (const [name, p] of w.pipes) {
    h.addString(name);
    for (const f of p.bufs) h.add(f);
    h.add(-1);
  }
  hashTransient(h, k);
}

/**
 * The kernel's shared state that is neither a folio row nor a batch: zones, LRU order, page
 * tables, drain state, the static key, transient references (every fingerprint's).
 */
export function hashKernelShared(h: Hasher, k: Kernel): void {
  hashZones(h, k);
  hashLru(h, k);
  hashMappings(h, k);
  h.add(k.lruDrainGen);
  h.add(k.lruDrainMutex.owner ?? -1);
  h.add(k.lruDisableCount);
  h.add(k.folioPutWakeupKey);
  for (let cpu = 0; cpu < k.nrCpus; cpu++) hashWork(h, k, cpu);
  hashTransient(h, k);
}

/** The workload's shared state (the reads fingerprint's, which has the World). */
export function hashWorldShared(h: Hasher, k: Kernel, w: World): void {
  hashQueued(h, k, w);
  unkeyedState(h, k, w);
  h.add(w.actorsLeft); // read only by the step that ends an actor, whose task is then dead
  h.add(w.pinsInFlight);
}

/** Everything shared that is neither a folio row nor a batch (an unknown key's value). */
function hashShared(h: Hasher, k: Kernel, w: World): void {
  hashKernelShared(h, k);
  hashWorldShared(h, k, w);
}

function hashTransient(h: Hasher, k: Kernel): void {
  for (const [f, refs] of k.transient) {
    h.add(f);
    for (const r of refs) h.addString(r.label);
  }
}

/** A folio's row without its LRU links (the lists' order is hashed with the lists). */
export function hashFolioRow(h: Hasher, t: FolioTable, f: number): void {
  h.add(t.refcount[f]!);
  h.add(t.mapcount[f]!);
  h.add(t.pincount[f]!);
  h.add(t.flags[f]!);
  h.add(t.zone[f]! | (t.migratetype[f]! << 8) | (t.order[f]! << 16) | (t.lruList[f]! << 24));
  h.add(t.mapping[f]!);
  h.add(t.index[f]!);
  h.add(t.mlockCount[f]!);
  for (let x = 0; x < NR_HOLDERS; x++) h.add(t.held(f, x));
}
