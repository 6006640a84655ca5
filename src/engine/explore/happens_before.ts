// Happens-before over one execution's events, by vector clocks, and the races source-DPOR
// reverses (Abdulla et al., POPL 2014): e ⋖ e' when e and e' are dependent events of different
// tasks and e happens before e' through no other event.
// Edges: program order, wake-ups (waker -> the woken task's next event), footprint conflicts
// (a read after the last write; a write after the last write and every read since), barriers
// (idle timer firings: after everything, before everything later) and wildcards (steps with
// choose(): dependent with everything).
// One analyser serves a whole exploration: clocks live in one flat array, and an execution that
// replays the previous one's prefix is analysed from where it differs (the rest is undone).

import type { EventRecord } from "./execution.ts";

/** One key's accesses (2e + write) and writes (event indices), in order. */
interface KeyHistory {
  readonly acc: number[];
  readonly wr: number[];
}

export interface Race {
  readonly first: number;
  readonly second: number;
}

export class HappensBefore {
  /** clocks[e * tasks + t]: events of task t that happen before or are e. */
  clocks = new Int32Array(1024);
  /** Position of event e in its task, 1-based (its own clock component). */
  local = new Int32Array(128);
  readonly races: Race[] = [];
  tasks = 0;
  private events: readonly EventRecord[] = [];
  /** Events analysed so far (of the last execution). */
  private analysed = 0;
  private racesFrom = 0;
  private lastOfTask = new Int32Array(8);
  private count = new Int32Array(8);
  /** The previous event of the same task, per event (to undo). */
  private prevOfTask = new Int32Array(128);
  /** Per key: every access (2e + write) and the writes' event indices, in order. */
  private readonly history = new Map<number, KeyHistory>();
  private lastBarrier = -1;
  private lastWildcard = -1;
  private readonly cands: number[] = [];

  /**
   * Clocks for every event and the races whose second event is at or after `from`. Events before
   * `from` must be those of the previous call (a replayed prefix): their analysis is kept, and
   * only the rest of the previous execution is undone.
   */
  analyse(events: readonly EventRecord[], nTasks: number, from: number): void {
    this.races.length = 0;
    this.racesFrom = from;
    if (nTasks !== this.tasks || from > this.analysed) this.reset(nTasks);
    else this.undoTo(from);
    this.events = events;
    this.grow(events.length);
    for (let e = this.analysed; e < events.length; e++) this.add(e);
    this.analysed = events.length;
  }

  /** Clock component of task t at event e. */
  clock(e: number, t: number): number {
    return this.clocks[e * this.tasks + t]!;
  }

  private reset(nTasks: number): void {
    this.tasks = nTasks;
    this.analysed = 0;
    if (this.lastOfTask.length < nTasks) {
      this.lastOfTask = new Int32Array(2 * nTasks);
      this.count = new Int32Array(2 * nTasks);
    }
    this.lastOfTask.fill(-1, 0, nTasks);
    this.count.fill(0, 0, nTasks);
    this.history.clear();
    this.lastBarrier = -1;
    this.lastWildcard = -1;
  }

  private grow(n: number): void {
    if (this.clocks.length < n * this.tasks) {
      const c = new Int32Array(2 * n * this.tasks);
      c.set(this.clocks.subarray(0, this.analysed * this.tasks));
      this.clocks = c;
    }
    if (this.local.length < n) {
      const l = new Int32Array(2 * n);
      l.set(this.local.subarray(0, this.analysed));
      this.local = l;
      const p = new Int32Array(2 * n);
      p.set(this.prevOfTask.subarray(0, this.analysed));
      this.prevOfTask = p;
    }
  }

  /** Takes back the previous execution's events from `from` on, latest first. */
  private undoTo(from: number): void {
    for (let e = this.analysed - 1; e >= from; e--) {
      const ev = this.events[e]!;
      this.lastOfTask[ev.task] = this.prevOfTask[e]!;
      this.count[ev.task]!--;
      if (ev.wildcard || ev.barrier) continue;
      for (let i = ev.footprint.length - 1; i >= 0; i--) {
        const a = ev.footprint[i]!;
        const h = this.history.get(a < 0 ? -a - 1 : a)!;
        h.acc.pop();
        if (a < 0) h.wr.pop();
      }
    }
    this.analysed = from;
    this.lastBarrier = -1;
    this.lastWildcard = -1;
    for (let e = from - 1; e >= 0 && (this.lastBarrier < 0 || this.lastWildcard < 0); e--) {
      const ev = this.events[e]!;
      if (ev.barrier && this.lastBarrier < 0) this.lastBarrier = e;
      if (ev.wildcard && this.lastWildcard < 0) this.lastWildcard = e;
    }
  }

  private add(e: number): void {
    const ev = this.events[e]!;
    const t = ev.task;
    const n = this.tasks;
    const base = e * n;
    this.clocks.fill(0, base, base + n);
    if (this.lastOfTask[t]! >= 0) this.join(base, this.lastOfTask[t]!);
    if (ev.waker >= 0) this.join(base, ev.waker);
    if (this.lastBarrier >= 0) this.join(base, this.lastBarrier);
    this.collectCandidates(e, ev);
    if (e >= this.racesFrom && !ev.barrier) this.recordRaces(e, base);
    const cands = this.cands;
    for (let i = 0; i < cands.length; i++) this.join(base, cands[i]!);
    const own = ++this.count[t]!;
    this.clocks[base + t] = own;
    this.local[e] = own;
    this.prevOfTask[e] = this.lastOfTask[t]!;
    this.lastOfTask[t] = e;
    if (ev.barrier) this.lastBarrier = e;
    if (ev.wildcard) this.lastWildcard = e;
  }

  private join(into: number, from: number): void {
    const c = this.clocks;
    const f = from * this.tasks;
    for (let i = 0; i < this.tasks; i++) if (c[f + i]! > c[into + i]!) c[into + i] = c[f + i]!;
  }

  /**
   * Direct dependency predecessors of e in other tasks — the race candidates: for a read, the
   * last write of each key; for a write, also every read since.
   */
  private collectCandidates(e: number, ev: EventRecord): void {
    const cands = this.cands;
    cands.length = 0;
    this.push(this.lastWildcard, ev.task);
    if (ev.wildcard || ev.barrier) {
      for (let u = 0; u < this.tasks; u++) this.push(this.lastOfTask[u]!, ev.task);
      return;
    }
    const fp = ev.footprint;
    for (let i = 0; i < fp.length; i++) {
      const a = fp[i]!;
      const { acc, wr } = this.keyHistory(a < 0 ? -a - 1 : a);
      const w = wr.length > 0 ? wr[wr.length - 1]! : -1;
      this.push(w, ev.task);
      if (a < 0) {
        for (let j = acc.length - 1; j >= 0 && acc[j]! >> 1 !== w; j--) this.push(acc[j]! >> 1, ev.task);
        wr.push(e);
      }
      acc.push(2 * e + (a < 0 ? 1 : 0));
    }
  }

  private keyHistory(key: number): KeyHistory {
    let h = this.history.get(key);
    if (h === undefined) {
      h = { acc: [], wr: [] };
      this.history.set(key, h);
    }
    return h;
  }

  private push(c: number, task: number): void {
    if (c >= 0 && this.events[c]!.task !== task && !this.cands.includes(c)) this.cands.push(c);
  }

  /** c ⋖ e unless c already happens before e through the base clock or another candidate. */
  private recordRaces(e: number, base: number): void {
    const clocks = this.clocks;
    const n = this.tasks;
    const cands = this.cands;
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      if (this.events[c]!.barrier) continue;
      const tc = this.events[c]!.task;
      const lc = this.local[c]!;
      if (clocks[base + tc]! >= lc) continue;
      let covered = false;
      for (let j = 0; j < cands.length; j++) {
        const d = cands[j]!;
        if (d !== c && clocks[d * n + tc]! >= lc) {
          covered = true;
          break;
        }
      }
      if (!covered) this.races.push({ first: c, second: e });
    }
  }
}

/**
 * Initials of v = notdep(first, E).task(second) (source-DPOR): the transitions whose task's
 * first event in v has no happens-before predecessor in v.
 */
export function initials(events: readonly EventRecord[], hb: HappensBefore, race: Race): number[] {
  const { first, second } = race;
  const ti = events[first]!.task;
  const li = hb.local[first]!;
  const firstOf = new Map<number, number>();
  for (let e = first + 1; e < second; e++) {
    if (hb.clock(e, ti) >= li) continue; // happens after `first`: not in v
    const t = events[e]!.task;
    if (!firstOf.has(t)) firstOf.set(t, e);
  }
  const tj = events[second]!.task;
  if (!firstOf.has(tj)) firstOf.set(tj, second);
  const out: number[] = [];
  for (const [t, f] of firstOf) {
    let initial = true;
    for (const [u, g] of firstOf) {
      if (u !== t && g < f && hb.clock(f, u) >= hb.local[g]!) {
        initial = false;
        break;
      }
    }
    if (initial) out.push(events[f]!.transition);
  }
  return out;
}
