// The visited-state cache's fingerprint of a check execution's state (DFS --state-cache).
// Generators cannot be hashed: a task's locals and program counter are invisible. Two stands-in:
// - "steps" (default): each task's step count stands for its program counter. Unsound — two
//   paths can reach equal kernel states with a task at the same step count but different locals
//   — so it is an approximation, measured against stateless exploration in docs/model-checking.md.
// - "history": each task's locals are a function of the global states it saw before each of its
//   steps, so hash that sequence. Sound (up to hash collisions), but two orders of dependent
//   steps never agree on it, so it prunes nothing sleep sets do not (measured too).

import type { Engine } from "../engine/engine.ts";
import { TASK_DEAD } from "../engine/task.ts";
import type { Counters } from "../kernel/counters.ts";
import { NR_HOLDERS } from "../kernel/holders.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { NR_LRU_LISTS } from "../kernel/lru_lists.ts";
import type { PinSource } from "./pins.ts";

export type FingerprintMode = "steps" | "history";

/** Two 32-bit FNV-1a style lanes: a 64-bit fingerprint as a string. */
class Hasher {
  a = 0x811c9dc5;
  b = 0x9e3779b9;
  add(x: number): void {
    const v = x | 0;
    this.a = Math.imul(this.a ^ v, 0x01000193);
    this.b = Math.imul(this.b ^ (v + 0x632be5ab), 0x5bd1e995) ^ (this.b >>> 15);
  }
  addString(s: string): void {
    for (let i = 0; i < s.length; i++) this.add(s.charCodeAt(i));
  }
  text(): string {
    return `${(this.a >>> 0).toString(36)}.${(this.b >>> 0).toString(36)}`;
  }
}

export class StateFingerprint {
  private readonly k: Kernel;
  private readonly pins: PinSource;
  private readonly mode: FingerprintMode;
  private readonly history: number[] = [];

  constructor(k: Kernel, pins: PinSource, mode: FingerprintMode) {
    this.k = k;
    this.pins = pins;
    this.mode = mode;
  }

  /** History mode: fold the global state into the task about to step. */
  beforeEvent(task: number): void {
    if (this.mode !== "history") return;
    const h = new Hasher();
    h.add(this.history[task] ?? 0);
    this.global(h);
    this.history[task] = h.a ^ Math.imul(h.b, 31);
  }

  fingerprint(): string {
    const h = new Hasher();
    this.global(h);
    const e = this.k.engine;
    for (const t of e.tasks) h.add(this.mode === "steps" ? t.steps : (this.history[t.id] ?? 0));
    return h.text();
  }

  private global(h: Hasher): void {
    const k = this.k;
    folios(h, k);
    lruAndBatches(h, k);
    mappings(h, k);
    scalars(h, k);
    counters(h, k.counters);
    engineState(h, k.engine);
    pinLog(h, this.pins);
  }
}

function folios(h: Hasher, k: Kernel): void {
  const t = k.folios;
  h.add(t.count);
  for (let f = 0; f < t.count; f++) {
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
}

function lruAndBatches(h: Hasher, k: Kernel): void {
  for (let list = 0; list < NR_LRU_LISTS; list++) {
    for (let f = k.lru.head[list]!; f >= 0; f = k.folios.lruNext[f]!) h.add(f);
    h.add(-1);
  }
  for (const row of k.batches) {
    for (const b of row) {
      for (let i = 0; i < b.folios.length; i++) h.add(b.folios[i]! * 4 + b.tags[i]!);
      h.add(-1);
    }
  }
}

function mappings(h: Hasher, k: Kernel): void {
  for (const v of k.vmas) {
    h.add(v.flags);
    for (const pte of v.pte) h.add(pte);
  }
  for (const s of k.spaces) for (const p of s.pages) h.add(p);
  for (const place of ["dma32", "normal", "movable", "cma"] as const) h.add(k.zones.freePages(place));
}

function scalars(h: Hasher, k: Kernel): void {
  h.add(k.lruDrainGen);
  h.add(k.lruDrainMutex.owner ?? -1);
  h.add(k.lruDisableCount);
  h.add(k.folioPutWakeupKey);
  for (const [f, refs] of k.transient) {
    h.add(f);
    for (const r of refs) h.addString(r.label);
  }
  for (const w of k.lruAddDrainWork) {
    h.add(+w.pending);
    h.add(w.queued);
    h.add(w.completed);
  }
}

function counters(h: Hasher, c: Counters): void {
  for (const v of Object.values(c)) {
    if (typeof v === "number") h.add(v);
    else for (const x of v as number[]) h.add(x);
  }
}

function engineState(h: Hasher, e: Engine): void {
  h.add(e.now_ns);
  for (const t of e.tasks) {
    h.add(t.state);
    if (t.state === TASK_DEAD) continue;
    h.addString(t.queue?.label ?? "");
    h.add(e.canStep(t) ? 1 : 0);
    h.add(t.resume === true ? 1 : t.resume === false ? 2 : 0);
  }
}

function pinLog(h: Hasher, pins: PinSource): void {
  pins.sync();
  for (const r of pins.records) {
    h.add(r.ret);
    h.add(r.outerRetries);
    h.add(r.globalDrains);
    for (const f of r.pages) h.add(f);
  }
  for (const [f, n] of pins.kept()) h.add(f * 16 + n);
}
