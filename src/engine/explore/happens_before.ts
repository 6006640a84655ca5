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
  /** Per event, to undo it: the previous event of its task, and the last barrier and wildcard before it. */
  private prevOfTask = new Int32Array(128);
  private barrierBefore = new Int32Array(128);
  private wildcardBefore = new Int32Array(128);
  /** Per key: every access (2e + write) and the writes' event indices, in order. */
  private readonly history = new Map<number, KeyHistory>();
  /**
   * touched[0..nTouched): the history of each footprint entry of the analysed events, in order,
   * so that undoing pops them without looking the keys up again.
   */
  private readonly touched: KeyHistory[] = [];
  private nTouched = 0;
  private lastBarrier = -1;
  private lastWildcard = -1;
  /** The race candidates of the event being added: cands[0..nCands). */
  private readonly cands: number[] = [];
  private nCands = 0;

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
    this.touched.length = 0;
    this.nTouched = 0;
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
      this.local = grown(this.local, 2 * n, this.analysed);
      this.prevOfTask = grown(this.prevOfTask, 2 * n, this.analysed);
      this.barrierBefore = grown(this.barrierBefore, 2 * n, this.analysed);
      this.wildcardBefore = grown(this.wildcardBefore, 2 * n, this.analysed);
    }
  }

  /** Takes back the previous execution's events from `from` on, latest first. */
  private undoTo(from: number): void {
    if (from === this.analysed) return;
    for (let e = this.analysed - 1; e >= from; e--) {
      const ev = this.events[e]!;
      this.lastOfTask[ev.task] = this.prevOfTask[e]!;
      this.count[ev.task]!--;
      if (ev.wildcard || ev.barrier) continue;
      const fp = ev.footprint;
      for (let i = fp.length - 1; i >= 0; i--) {
        const h = this.touched[--this.nTouched]!;
        h.acc.pop();
        if (fp[i]! < 0) h.wr.pop();
      }
    }
    this.analysed = from;
    this.lastBarrier = this.barrierBefore[from]!;
    this.lastWildcard = this.wildcardBefore[from]!;
  }

  private add(e: number): void {
    const ev = this.events[e]!;
    const t = ev.task;
    const n = this.tasks;
    const base = e * n;
    this.barrierBefore[e] = this.lastBarrier;
    this.wildcardBefore[e] = this.lastWildcard;
    this.clocks.fill(0, base, base + n);
    if (this.lastOfTask[t]! >= 0) this.join(base, this.lastOfTask[t]!);
    if (ev.waker >= 0) this.join(base, ev.waker);
    if (this.lastBarrier >= 0) this.join(base, this.lastBarrier);
    this.collectCandidates(e, ev);
    if (e >= this.racesFrom && !ev.barrier) this.recordRaces(e, base);
    const cands = this.cands;
    for (let i = 0; i < this.nCands; i++) this.join(base, cands[i]!);
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
    this.nCands = 0;
    this.push(this.lastWildcard, ev.task);
    if (ev.wildcard || ev.barrier) {
      for (let u = 0; u < this.tasks; u++) this.push(this.lastOfTask[u]!, ev.task);
      return;
    }
    const fp = ev.footprint;
    for (let i = 0; i < fp.length; i++) {
      const a = fp[i]!;
      const h = this.keyHistory(a < 0 ? -a - 1 : a);
      const { acc, wr } = h;
      const w = wr.length > 0 ? wr[wr.length - 1]! : -1;
      this.push(w, ev.task);
      if (a < 0) {
        for (let j = acc.length - 1; j >= 0 && acc[j]! >> 1 !== w; j--) this.push(acc[j]! >> 1, ev.task);
        wr.push(e);
      }
      acc.push(2 * e + (a < 0 ? 1 : 0));
      if (this.nTouched < this.touched.length) this.touched[this.nTouched] = h;
      else this.touched.push(h);
      this.nTouched++;
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
    if (c < 0 || this.events[c]!.task === task) return;
    const cands = this.cands;
    for (let i = 0; i < this.nCands; i++) if (cands[i] === c) return;
    if (this.nCands < cands.length) cands[this.nCands] = c;
    else cands.push(c);
    this.nCands++;
  }

  /** c ⋖ e unless c already happens before e through the base clock or another candidate. */
  private recordRaces(e: number, base: number): void {
    const clocks = this.clocks;
    const n = this.tasks;
    const cands = this.cands;
    const nCands = this.nCands;
    for (let i = 0; i < nCands; i++) {
      const c = cands[i]!;
      if (this.events[c]!.barrier) continue;
      const tc = this.events[c]!.task;
      const lc = this.local[c]!;
      if (clocks[base + tc]! >= lc) continue;
      let covered = false;
      for (let j = 0; j < nCands; j++) {
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

/** A copy of a's first `used` entries in a new array of `size`. */
function grown(a: Int32Array, size: number, used: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a.subarray(0, used));
  return b;
}

/**
 * Initials of v = notdep(first, E).task(second) (source-DPOR): the transitions whose task's
 * first event in v has no happens-before predecessor in v.
 */
export function initials(events: readonly EventRecord[], hb: HappensBefore, race: Race): number[] {
  const { first, second } = race;
  const ti = events[first]!.task;
  const li = hb.local[first]!;
  // Each task of v with its first event in v, in the order of those events.
  const tasks: number[] = [];
  const firsts: number[] = [];
  for (let e = first + 1; e < second; e++) {
    if (hb.clock(e, ti) >= li) continue; // happens after `first`: not in v
    const t = events[e]!.task;
    if (!tasks.includes(t)) {
      tasks.push(t);
      firsts.push(e);
    }
  }
  const tj = events[second]!.task;
  if (!tasks.includes(tj)) {
    tasks.push(tj);
    firsts.push(second);
  }
  const out: number[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const f = firsts[i]!;
    let initial = true;
    for (let j = 0; j < i; j++) {
      // Only earlier first events (g < f) can happen before f.
      if (hb.clock(f, tasks[j]!) >= hb.local[firsts[j]!]!) {
        initial = false;
        break;
      }
    }
    if (initial) out.push(events[f]!.transition);
  }
  return out;
}
