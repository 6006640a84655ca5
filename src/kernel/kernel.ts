// The simulated machine's kernel state and the reference primitives everything else uses.
// Kernel functions live in files named after the kernel's (swap.ts, gup.ts, migrate.ts, ...;
// docs/kernel-names.md has the rules) and take this object first, the way kernel code reaches
// global state.

import type { Engine } from "../engine/engine.ts";
import { Prng } from "../engine/prng.ts";
import { WaitQueue } from "../engine/wait_queue.ts";
import type { KernelConfig } from "./config.ts";
import type { CostModel } from "./cost_model.ts";
import { type Counters, newCounters } from "./counters.ts";
import { FolioBatch, NR_BATCHES } from "./folio_batch.ts";
import { F_FREED, F_ZERO_PAGE, PG_lru, PG_mlocked } from "./folio_flags.ts";
import { FolioTable } from "./folio_table.ts";
import {
  H_ALLOC,
  H_GUP_GET,
  H_GUP_PIN,
  H_ISOLATION,
  H_LRU_BATCH,
  H_MLOCK_BATCH,
  H_TRANSIENT,
} from "./holders.ts";
import { LruLists } from "./lru_lists.ts";
import type { AddressSpace, Mm, Vma } from "./mm.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO } from "./mmdebug.ts";
import { KMutex } from "./mutex.ts";
import { MIGRATE_MOVABLE, ZONE_NORMAL, type ZoneLayout, Zones } from "./page_alloc.ts";
import type { Tracer, TraceTask } from "./trace.ts";
import { tracePageRefMod } from "./trace_events.ts";
import type { WorkerPool, WorkStruct } from "./workqueue.ts";

/** The kernel's view of a task (`current`). */
export interface KTask extends TraceTask {
  /** The CPU it runs on; sched_setaffinity() moves it (kernel/sched.ts). */
  cpu: number;
  /** PF_MEMALLOC_PIN (§3.2). */
  pfMemallocPin: boolean;
  mm: Mm | null;
  /** The collect step's local drains and every lru_add_drain_all() this task made (its pins' own). */
  drains: { local: number; global: number };
}

/** A transient reference's owner, for "who holds it" answers. */
export interface TransientRef {
  readonly folio: number;
  readonly label: string;
  readonly cpu: number;
  readonly since_ns: number;
}

/** Keys for access footprints (DPOR): disjoint ranges for globals, batches and folios. */
export const KEY_DRAIN_MUTEX = 0;
export const KEY_DRAIN_GEN = 1;
export const KEY_LRU = 2;
export const KEY_STATIC_KEY = 3;
export const KEY_ZONES = 4;
export const KEY_PAGE_TABLES = 5;
/** lru_disable_count: lru_cache_disable() writes it, every queueing op reads it. */
export const KEY_LRU_DISABLE = 6;
export function batchKey(cpu: number, kind: number): number {
  return 16 + cpu * 8 + kind;
}
/** A CPU's worker pool and the work queued on it (lru_add_drain_work): the free slot after the batches. */
export function workKey(cpu: number): number {
  return 16 + cpu * 8 + 7;
}
export function folioKey(folio: number): number {
  return 4096 + folio;
}
/**
 * One page-table entry (vma, page) and one page-cache slot (address space, index), above the
 * folio keys and below the engine's wait-queue keys. Ids and indexes wrap: a collision only adds
 * a dependency. KEY_PAGE_TABLES stays the key of the VMAs themselves (flags, THP, the VMA list):
 * every entry access reads it, so a VMA change is dependent with every entry access.
 */
export const PTE_KEY_BASE = 1 << 28;
export const PAGECACHE_KEY_BASE = (1 << 28) + (1 << 27);
export function pteKey(vmaId: number, page: number): number {
  return PTE_KEY_BASE + (((vmaId & 0x1fff) << 14) | (page & 0x3fff));
}
export function pageCacheKey(spaceId: number, index: number): number {
  return PAGECACHE_KEY_BASE + (((spaceId & 0x1fff) << 14) | (index & 0x3fff));
}

export interface KernelInit {
  readonly engine: Engine;
  readonly config: KernelConfig;
  readonly costs: CostModel;
  readonly zones: ZoneLayout;
  readonly seed: number;
  /** Initial folio-table slots (it grows); the model checker boots thousands of tiny kernels. */
  readonly folioCapacity?: number;
  /** An empty folio table to use instead of a new one (the model checker reuses one). */
  readonly folios?: FolioTable;
  /** Empty batches[cpu][kind] to use instead of new ones (the model checker reuses them). */
  readonly batches?: readonly (readonly FolioBatch[])[];
}

export class Kernel {
  readonly engine: Engine;
  readonly config: KernelConfig;
  readonly costs: CostModel;
  readonly nrCpus: number;
  readonly folios: FolioTable;
  readonly zones: Zones;
  readonly counters: Counters = newCounters();
  readonly lru = new LruLists();
  /** batches[cpu][kind]: cpu_fbatches plus the mlock batch. */
  readonly batches: FolioBatch[][] = [];
  readonly mms: Mm[] = [];
  readonly vmas: Vma[] = [];
  readonly spaces: AddressSpace[] = [];
  /** lru_drain_gen and the mutex of __lru_add_drain_all (§4.6). */
  lruDrainGen = 0;
  readonly lruDrainMutex: KMutex;
  lruDisableCount = 0;
  /** folio_put_wakeup_key of the RFC (§7.2): a reference count, enabled when > 0. */
  folioPutWakeupKey = 0;
  readonly transient = new Map<number, TransientRef[]>();
  tracer: Tracer | null = null;
  /**
   * For the model checker's visited-state cache (check/fingerprint.ts): called where the running
   * task's locals are down to `ret` and what it keeps in `carried` — a program task between two
   * steps, a kworker between two work items. Null outside the checker.
   */
  onLocalsKnown: ((ret: number, carried: object | null) => void) | null = null;
  /** Tests cap the unbounded __gup_longterm_locked loop (§3.3); a run reaching it is a livelock. */
  gupOuterRetryCap = 1000;
  readonly zeroFolio: number;
  /** Per-CPU worker pools (workqueue.ts), started by bootKernel. */
  readonly workerPools: WorkerPool[] = [];
  /** The per-CPU lru_add_drain_work of mm/swap.c (swap.ts), made by bootKernel. */
  readonly lruAddDrainWork: WorkStruct[] = [];
  private readonly waitVars = new Map<number, WaitQueue>();
  private readonly writebackWaits = new Map<number, WaitQueue>();
  private readonly jitterPrng: Prng[] = [];
  private nextPid = 100;

  constructor(init: KernelInit) {
    this.engine = init.engine;
    // Frozen so that a patch's decision rule, which reads it through its view, cannot change it.
    this.config = deepFreeze(init.config);
    this.costs = init.costs;
    this.nrCpus = init.engine.nrCpus;
    this.folios = init.folios ?? new FolioTable(init.folioCapacity ?? 1024);
    VM_BUG_ON(this.folios.count !== 0, "a kernel booted on a folio table in use");
    this.zones = new Zones(init.zones);
    this.lruDrainMutex = new KMutex("lru_add_drain_all");
    for (let cpu = 0; cpu < this.nrCpus; cpu++) {
      this.batches.push(batchRow(cpu, init));
      this.jitterPrng.push(new Prng(init.seed, 1000 + cpu));
    }
    this.zeroFolio = this.folios.create(0, ZONE_NORMAL, MIGRATE_MOVABLE);
    this.folios.set(this.zeroFolio, F_ZERO_PAGE);
    this.folios.addRefs(this.zeroFolio, H_ALLOC, 1);
  }

  newTask(comm: string, cpu: number, mm: Mm | null): KTask {
    return { pid: this.nextPid++, comm, cpu, pfMemallocPin: false, mm, drains: { local: 0, global: 0 } };
  }

  /** The task whose step is executing. */
  current(): KTask {
    const t = this.engine.current;
    if (t === null) throw new Error("kernel code ran outside a task");
    return t.data as KTask;
  }

  now_ns(): number {
    return this.engine.now_ns;
  }

  /** A step cost with the per-CPU seeded jitter applied. */
  cost(base_ns: number): number {
    const j = this.costs.jitter;
    if (j === 0 || base_ns === 0) return base_ns;
    const cpu = this.engine.current ? this.engine.current.cpu : 0;
    const u = this.jitterPrng[cpu]!.nextFloat();
    return Math.max(1, Math.round(base_ns * (1 + j * (2 * u - 1))));
  }

  touch(key: number, write: boolean): void {
    this.engine.access(key, write);
  }

  /**
   * Page `i` of `vma`'s entry is read or written. An entry of a THP-enabled VMA or inside a
   * PMD-mapped block may be part of a large mapping covering many entries: the whole page
   * tables are written then (a coarse key, dependent with every entry access).
   */
  touchPte(vma: Vma, i: number, write: boolean): void {
    if (!this.engine.recordAccess) return;
    if (vma.thp || vma.pmd[i >> 9] !== 0 || (vma.mapping !== null && vma.mapping.folioOrder > 0)) {
      this.touch(KEY_PAGE_TABLES, true);
      return;
    }
    this.touch(KEY_PAGE_TABLES, false);
    this.touch(pteKey(vma.id, i), write);
  }

  /** Slot `index` of a page cache is read or written (large folios: the whole page tables). */
  touchPageCache(space: AddressSpace, index: number, write: boolean): void {
    if (!this.engine.recordAccess) return;
    if (space.folioOrder > 0) {
      this.touch(KEY_PAGE_TABLES, true);
      return;
    }
    this.touch(KEY_PAGE_TABLES, false);
    this.touch(pageCacheKey(space.id, index), write);
  }

  /** folio_get / folio_ref_add on behalf of `holder`. */
  folioGet(f: number, holder: number, n = 1): void {
    VM_BUG_ON_FOLIO(this.folios.isFreed(f), this, f, "folio_get of a freed folio");
    const delta = this.folios.addRefs(f, holder, n);
    this.touch(folioKey(f), true);
    tracePageRefMod(this, f, delta, holder);
  }

  /** folio_put / folio_put_refs; frees the folio when the count reaches zero. */
  folioPut(f: number, holder: number, n = 1): void {
    VM_BUG_ON_FOLIO(
      this.folios.held(f, holder) < n,
      this,
      f,
      "folio_put of a reference its holder does not have",
    );
    const delta = this.folios.addRefs(f, holder, -n);
    this.touch(folioKey(f), true);
    tracePageRefMod(this, f, delta, holder);
    if (this.folios.refcount[f] === 0) this.freeFolio(f);
    this.touch(KEY_STATIC_KEY, false);
    if (this.folioPutWakeupKey > 0 && this.putWakes(holder)) this.wakeUpVar(f);
  }

  refcount(f: number): number {
    this.touch(folioKey(f), false);
    return this.folios.refcount[f]!;
  }

  /** The wait queue of wait_var_event/wake_up_var for &folio->_refcount. */
  waitVarQueue(f: number): WaitQueue {
    let q = this.waitVars.get(f);
    if (q === undefined) {
      q = new WaitQueue(`var:folio${f}`);
      this.waitVars.set(f, q);
    }
    return q;
  }

  /** wake_up_var(&folio->_refcount) (§7.1): wakes every waiter to re-check its condition. */
  wakeUpVar(f: number): void {
    const q = this.waitVars.get(f);
    if (q === undefined || q.length === 0) return;
    this.counters.wakeups += this.engine.wakeAll(q);
  }

  /** folio_waitqueue() as folio_wait_writeback() uses it: where tasks wait for PG_writeback to clear. */
  writebackWaitQueue(f: number): WaitQueue {
    let q = this.writebackWaits.get(f);
    if (q === undefined) {
      q = new WaitQueue(`writeback:folio${f}`);
      this.writebackWaits.set(f, q);
    }
    return q;
  }

  /** Wakes the tasks waiting for `f`'s writeback to end (folio_wake_bit(PG_writeback)). */
  wakeWritebackWaiters(f: number): void {
    const q = this.writebackWaits.get(f);
    if (q !== undefined && q.length > 0) this.counters.wakeups += this.engine.wakeAll(q);
  }

  /** Where tasks that hit a migration entry for `f` sleep (migration_entry_wait). */
  migrationWaitQueue(f: number): WaitQueue {
    return this.waitVarQueue(-f - 1);
  }

  /** Wakes tasks sleeping on `f`'s migration entries (without creating a queue nobody uses). */
  wakeMigrationWaiters(f: number): void {
    const q = this.waitVars.get(-f - 1);
    if (q !== undefined && q.length > 0) this.engine.wakeAll(q);
  }

  /** FOLL_PIN pins held, from the ledger (each pin is one count of H_GUP_PIN). */
  pinsOutstanding(): number {
    let pins = 0;
    for (let f = 0; f < this.folios.count; f++) pins += this.folios.held(f, H_GUP_PIN);
    return pins;
  }

  addTransient(f: number, label: string): void {
    VM_BUG_ON_FOLIO(this.folios.refcount[f] === 0, this, f, "a transient reference to a folio nobody holds");
    this.folioGet(f, H_TRANSIENT);
    const list = this.transient.get(f) ?? [];
    list.push({ folio: f, label, cpu: this.current().cpu, since_ns: this.now_ns() });
    this.transient.set(f, list);
  }

  dropTransient(f: number, label: string): void {
    const list = this.transient.get(f);
    const i = list ? list.findIndex((r) => r.label === label) : -1;
    VM_BUG_ON_FOLIO(!list || i < 0, this, f, "dropping a transient reference nobody took");
    list!.splice(i, 1);
    if (list!.length === 0) this.transient.delete(f);
    this.folioPut(f, H_TRANSIENT);
  }

  /** func_begin / func_end trace events around modelled kernel functions. */
  traceFunc(type: "func_begin" | "func_end" | "func_return", func: string, value = 0): void {
    if (this.tracer === null) return;
    const task = this.current();
    this.tracer.emit({ type, t_ns: this.now_ns(), cpu: task.cpu, task, func, value });
  }

  pfn(f: number): number {
    return 0x100000 + f;
  }

  /** Which put paths wake waiters while the static key is on (docs/decisions.md). */
  private putWakes(holder: number): boolean {
    if (holder === H_TRANSIENT || holder === H_GUP_GET || holder === H_ISOLATION || holder === H_ALLOC) {
      return true;
    }
    if (holder === H_LRU_BATCH || holder === H_MLOCK_BATCH) {
      return this.config.hubbard_wait.wake_from_batch_release;
    }
    return false;
  }

  private freeFolio(f: number): void {
    const t = this.folios;
    VM_BUG_ON_FOLIO(t.ledgerSum(f) !== 0, this, f, "freed with references still attributed");
    VM_BUG_ON_FOLIO(t.mapcount[f] !== 0 || t.pincount[f] !== 0, this, f, "freed while mapped or pinned");
    VM_BUG_ON_FOLIO(f === this.zeroFolio, this, f, "the zero page freed");
    // __page_cache_release(): a folio on an LRU list holds no reference, so the last put removes it.
    if (t.lruList[f] !== 0) this.lru.del(t, f);
    t.clear(f, PG_lru);
    // Freed still mlocked (its munlock never ran): __page_cache_release() clears and counts it.
    if (t.testClear(f, PG_mlocked)) this.counters.unevictable_pgs_cleared += t.nrPages(f);
    t.set(f, F_FREED);
    this.zones.release(t.nrPages(f), t.zone[f]!, t.migratetype[f]!);
    this.counters.folios_freed++;
  }
}

/** CPU `cpu`'s batches: the given ones when the caller reuses a previous kernel's, or new ones. */
function batchRow(cpu: number, init: KernelInit): FolioBatch[] {
  const given = init.batches?.[cpu];
  if (given === undefined) {
    const row: FolioBatch[] = [];
    for (let kind = 0; kind < NR_BATCHES; kind++) row.push(new FolioBatch(cpu, kind, init.config.batch_size));
    return row;
  }
  VM_BUG_ON(
    given.length !== NR_BATCHES || given.some((b, kind) => b.nr !== 0 || b.cpu !== cpu || b.kind !== kind),
    "a kernel booted on batches in use",
  );
  return [...given];
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
