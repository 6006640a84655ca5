// The visited-state cache's fingerprint of a check execution's state (--state-cache, with dfs or
// dpor). Generators cannot be hashed: a task's locals and program counter are invisible. Three
// stand-ins:
// - "reads" (the sound one): a task's locals are a function of what its steps read.
//   Each of its steps folds into its history the values, before the step, of the keys the step
//   touched (key_state.ts), the value it was resumed with, the time and its choose() draws. Sound
//   as long as footprints name everything a step reads (what DPOR already needs), up to hash
//   collisions; and unlike "history" it merges orders that differ only in what a task did not read.
//   Where the task's locals are known (Kernel.onLocalsKnown: between two program steps, a kworker
//   between work items) its history restarts from a boundary chain — the results, draws, times and
//   region states its step source saw — and what it carries is hashed as it is (carried_state.ts):
//   how a finished kernel path got its result no longer tells two states apart.
// - "steps": each task's step count stands for its program counter. Unsound — two paths can
//   reach equal kernel states with a task at the same step count but different locals — so it
//   is an approximation, measured against stateless exploration in docs/model-checking.md.
// - "history": each task's locals are a function of the global states it saw before each of its
//   steps, so hash that sequence. Sound (up to hash collisions), but two orders of dependent
//   steps never agree on it, so it prunes nothing sleep sets do not (measured too).

import type { Engine } from "../engine/engine.ts";
import type { Strategy } from "../engine/strategy.ts";
import { TASK_DEAD, type Task } from "../engine/task.ts";
import type { Counters } from "../kernel/counters.ts";
import type { Kernel, KTask } from "../kernel/kernel.ts";
import type { World } from "../workloads/world.ts";
import { hashCarried, hashKTask } from "./carried_state.ts";
import {
  Hasher,
  hashFolioRow,
  hashKernelShared,
  hashWorldShared,
  KeyState,
  unkeyedState,
} from "./key_state.ts";
import type { PinSource } from "./pins.ts";

export type FingerprintMode = "steps" | "history" | "reads";

export class StateFingerprint {
  private readonly k: Kernel;
  private readonly w: World | null;
  private readonly pins: PinSource;
  private readonly mode: FingerprintMode;
  private readonly history: number[] = [];
  /** "reads": the values behind each key, from the first explored step on. */
  private keys: KeyState | null = null;
  /** "reads": what the step under way has read so far (its task, resume value, draws). */
  private readonly step = new Hasher();
  private stepTask = -1;
  /** "reads": where the part of the step under way after its last boundary starts in the footprint. */
  private segmentStart = 0;
  /** "reads": per task, the boundary chain, the draws since its last boundary, what it carries. */
  private readonly chain: number[] = [];
  private readonly drawsSince: number[] = [];
  private readonly carried: (object | null)[] = [];
  private readonly tmp = new Hasher();

  constructor(k: Kernel, pins: PinSource, mode: FingerprintMode, w: World | null = null) {
    this.k = k;
    this.w = w;
    this.pins = pins;
    this.mode = mode;
    if (mode === "reads" && w === null) throw new Error("the reads fingerprint needs the workload's World");
    if (mode === "reads") k.onLocalsKnown = (ret, carried) => this.localsKnown(ret, carried);
  }

  /** Before each explored step: history mode folds the global state in; reads mode starts a step. */
  beforeEvent(task: number): void {
    if (this.mode === "reads") {
      this.startStep(task);
      return;
    }
    if (this.mode !== "history") return;
    const h = new Hasher();
    h.add(this.history[task] ?? 0);
    this.global(h);
    this.history[task] = h.a ^ Math.imul(h.b, 31);
  }

  /** After each explored step (reads mode): fold what it read into its task's history. */
  afterEvent(): void {
    if (this.mode !== "reads" || this.stepTask < 0) return;
    const fp = this.k.engine.footprint;
    const keys = this.keys!;
    keys.observed(fp, this.step, this.segmentStart);
    this.history[this.stepTask] = this.step.digest();
    keys.update(fp, this.segmentStart);
    this.stepTask = -1;
    this.segmentStart = 0;
  }

  /** A choose() value drawn during the step under way (reads mode). */
  chose(value: number): void {
    const t = this.stepTask;
    if (t < 0) return;
    this.step.add(value);
    this.drawsSince[t] = Math.imul((this.drawsSince[t] ?? 0) ^ (value + 1), 0x01000193);
  }

  /**
   * The running task's locals are down to `ret` and `carried` (reads mode): extend its boundary
   * chain and restart the step under way from it. The keys the step wrote so far are re-hashed
   * first, so that what the rest of the step reads is folded in with the values it sees.
   */
  private localsKnown(ret: number, carried: object | null): void {
    const t = this.stepTask;
    if (t < 0) return; // setup: not explored
    const fp = this.k.engine.footprint;
    this.keys!.update(fp, this.segmentStart);
    this.segmentStart = fp.length;
    const h = this.tmp;
    h.reset();
    h.add(this.chain[t] ?? 0);
    h.add(ret);
    h.add(this.k.engine.now_ns);
    h.add(this.drawsSince[t] ?? 0);
    unkeyedState(h, this.k, this.w!); // what a step source reads besides its results (regions)
    this.chain[t] = h.digest();
    this.drawsSince[t] = 0;
    this.carried[t] = carried;
    this.step.reset();
    this.step.add(0x5eed);
    this.step.add(this.chain[t]!);
  }

  fingerprint(): string {
    const h = new Hasher();
    this.global(h);
    const e = this.k.engine;
    if (this.mode === "reads") {
      hashWorldShared(h, this.k, this.w!);
      for (const t of e.tasks) this.taskLocal(h, t);
      return h.text();
    }
    for (const t of e.tasks) h.add(this.mode === "steps" ? t.steps : (this.history[t.id] ?? 0));
    return h.text();
  }

  /**
   * The shared state alone, without the tasks' locals or the statistics counters: a final
   * state's identity in tests (what the reads cache must not lose).
   */
  sharedFingerprint(): string {
    const h = new Hasher();
    this.global(h, false);
    return h.text();
  }

  private startStep(task: number): void {
    this.keys ??= new KeyState(this.k, this.w!);
    const t = this.k.engine.tasks[task]!;
    const h = this.step;
    h.reset();
    h.add(this.history[task] ?? 0);
    h.add(t.state);
    h.add(resumeCode(t.resume));
    h.add(this.k.engine.now_ns);
    this.stepTask = task;
  }

  /** What a task carries besides its history: where it runs, how, and its place in a queue. */
  private taskLocal(h: Hasher, t: Task): void {
    if (t.state === TASK_DEAD) return; // no locals left, and nothing to read them (engineState)
    h.add(this.history[t.id] ?? 0);
    h.add(t.cpu);
    h.add(this.k.engine.cpuCurrent(t.cpu) === t ? 1 : 0);
    h.add(+this.k.engine.cpuPreemptible(t.cpu));
    h.add(t.queue === null ? -1 : t.queue.waiters.indexOf(t));
    const kt = t.data as KTask | null;
    if (kt !== null && typeof kt === "object" && "pfMemallocPin" in kt) hashKTask(h, kt);
    hashCarried(h, this.carried[t.id] ?? null);
  }

  /** `statistics`: also the counters nothing reads back (the reads mode leaves them out). */
  private global(h: Hasher, statistics = this.mode !== "reads"): void {
    const k = this.k;
    folios(h, k);
    batches(h, k);
    hashKernelShared(h, k);
    if (statistics) counters(h, k.counters);
    else vmstat(h, k.counters);
    engineState(h, k.engine);
    pinLog(h, this.pins);
  }
}

function folios(h: Hasher, k: Kernel): void {
  const t = k.folios;
  h.add(t.count);
  for (let f = 0; f < t.count; f++) hashFolioRow(h, t, f);
}

function batches(h: Hasher, k: Kernel): void {
  for (const row of k.batches) {
    for (const b of row) {
      for (let i = 0; i < b.nr; i++) h.add(b.folios[i]! * 4 + b.tags[i]!);
      h.add(-1);
    }
  }
}

/**
 * The counters the kernel model itself reads (the invariants': NR_ISOLATED_*, NR_FOLL_PIN_*).
 * The rest are statistics nothing reads back: two states that differ only there behave alike.
 */
function vmstat(h: Hasher, c: Counters): void {
  h.add(c.nr_isolated_anon);
  h.add(c.nr_isolated_file);
  h.add(c.nr_foll_pin_acquired);
  h.add(c.nr_foll_pin_released);
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

/**
 * The pin calls' results task by task: one task's calls keep their order, but the order in which
 * two tasks' calls returned is not state (it is the interleaving, which DPOR treats as commuting
 * when nothing else orders them).
 */
function pinLog(h: Hasher, pins: PinSource): void {
  pins.sync();
  const records = pins.records;
  // Sorted (stable: each task's own order kept) only when two tasks' calls are interleaved: one
  // pinning task, the usual case, costs no copy at every decision.
  const byTask = inTaskOrder(records) ? records : [...records].sort((x, y) => compareTasks(x.task, y.task));
  for (const r of byTask) {
    h.addString(r.task);
    h.add(r.ret);
    h.add(r.outerRetries);
    h.add(r.globalDrains);
    for (const f of r.pages) h.add(f);
  }
  for (const [f, n] of pins.kept()) h.add(f * 16 + n);
}

function compareTasks(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function inTaskOrder(records: readonly { readonly task: string }[]): boolean {
  for (let i = 1; i < records.length; i++)
    if (compareTasks(records[i - 1]!.task, records[i]!.task) > 0) return false;
  return true;
}

function resumeCode(v: unknown): number {
  if (v === undefined) return 0;
  if (v === true) return 1;
  if (v === false) return 2;
  if (typeof v === "number") return 3 + v;
  return 7;
}

/** Hands every choose() value to `onChosen` on its way back (the reads fingerprint's draws). */
export class ChoiceTap implements Strategy {
  private readonly inner: Strategy;
  private readonly onChosen: (v: number) => void;
  constructor(inner: Strategy, onChosen: (v: number) => void) {
    this.inner = inner;
    this.onChosen = onChosen;
  }
  attach(engine: Engine): void {
    this.inner.attach(engine);
  }
  cpuReady(cpu: number, at_ns: number): void {
    this.inner.cpuReady(cpu, at_ns);
  }
  timer(task: Task, at_ns: number, token: number): void {
    this.inner.timer(task, at_ns, token);
  }
  choose(n: number, label: string): number {
    const v = this.inner.choose(n, label);
    this.onChosen(v);
    return v;
  }
  run(): void {
    this.inner.run();
  }
}
