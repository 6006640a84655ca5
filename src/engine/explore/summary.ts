// Subtree summaries for DPOR with a visited-state cache (stateful DPOR, after Yang, Chen,
// Gopalakrishnan and Kirby, SPIN 2008). When an execution reaches a state explored before, the
// events below that state are not run again, so DPOR cannot see their races with the current
// path. A summary keeps, per transition, every key its events touched anywhere in the explored
// subtree of a state; on a hit each path decision whose event conflicts with some summarised
// transition gets that transition as a backtrack point (all enabled ones if it is not enabled
// there). Happens-before is not consulted: that only adds backtrack points, never loses one.
//
// One is kept per explored state, so they are small: keys are numbered densely as first seen
// (KeyIds) and a transition's accesses are two bit sets over those numbers.

import type { EventRecord } from "./execution.ts";

/** Dense numbers for footprint keys, shared by every summary of one exploration. */
export class KeyIds {
  private readonly ids = new Map<number, number>();
  /** Words per bit set: grows as keys are first seen. */
  words = 1;

  id(key: number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
      if (id >= this.words * 32) this.words *= 2;
    }
    return id;
  }

  /** The number of a key already seen, or -1 (a key no summary holds). */
  find(key: number): number {
    return this.ids.get(key) ?? -1;
  }
}

/**
 * One transition's accesses: word 0 is 1 when it conflicts with everything (a barrier, a
 * choose()); then the read bits, then the write bits, `words` words each.
 */
type Access = Uint32Array;

/** Transition -> what its events touched, over a subtree. */
export type Summary = Map<number, Access>;

function wordsOf(a: Access): number {
  return (a.length - 1) >> 1;
}

function accessOf(s: Summary, transition: number, ids: KeyIds): Access {
  let a = s.get(transition);
  if (a === undefined || wordsOf(a) < ids.words) {
    const wider = new Uint32Array(1 + 2 * ids.words);
    if (a !== undefined) copyInto(wider, a);
    a = wider;
    s.set(transition, a);
  }
  return a;
}

function copyInto(to: Access, from: Access): void {
  const w = wordsOf(from);
  const tw = wordsOf(to);
  to[0] = to[0]! | from[0]!;
  for (let i = 0; i < w; i++) {
    to[1 + i] = to[1 + i]! | from[1 + i]!;
    to[1 + tw + i] = to[1 + tw + i]! | from[1 + w + i]!;
  }
}

export function addEvent(s: Summary, e: EventRecord, ids: KeyIds): void {
  if (e.barrier || e.wildcard) {
    accessOf(s, e.transition, ids)[0] = 1;
    return;
  }
  for (const x of e.footprint) ids.id(x < 0 ? -x - 1 : x);
  const a = accessOf(s, e.transition, ids);
  if (a[0] === 1) return;
  const w = wordsOf(a);
  for (const x of e.footprint) {
    const id = ids.id(x < 0 ? -x - 1 : x);
    const at = 1 + (x < 0 ? w : 0) + (id >> 5);
    a[at] = a[at]! | (1 << (id & 31));
  }
}

/** into ∪= from. */
export function mergeSummary(into: Summary, from: Summary, ids: KeyIds): void {
  for (const [t, f] of from) {
    const a = accessOf(into, t, ids);
    if (a[0] === 1) continue;
    copyInto(a, f);
  }
}

/** Whether event e (of another task) conflicts with some event of the summarised transition. */
export function conflictsWith(e: EventRecord, a: Access, ids: KeyIds): boolean {
  if (a[0] === 1 || e.barrier || e.wildcard) return true;
  const w = wordsOf(a);
  for (const x of e.footprint) {
    const id = ids.find(x < 0 ? -x - 1 : x);
    if (id < 0 || id >= w * 32) continue;
    const bit = 1 << (id & 31);
    const word = id >> 5;
    if ((a[1 + w + word]! & bit) !== 0) return true; // it wrote what e touched
    if (x < 0 && (a[1 + word]! & bit) !== 0) return true; // e wrote what it read
  }
  return false;
}
