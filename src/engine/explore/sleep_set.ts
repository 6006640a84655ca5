// Sleep sets (Godefroid): transitions already explored from an ancestor, with the footprint they
// had there. They stay asleep while every later event is independent of them.

import type { EventRecord } from "./execution.ts";
import { conflicts } from "./footprint.ts";

export interface Sleeper {
  readonly transition: number;
  readonly footprint: readonly number[];
}

/** The sleep set after event `e`: sleepers of other tasks that do not conflict with it. */
export function sleepAfter(sleep: readonly Sleeper[], e: EventRecord): Sleeper[] {
  if (sleep.length === 0) return sleep as Sleeper[];
  if (e.barrier || e.wildcard) return [];
  const out: Sleeper[] = [];
  for (const s of sleep) {
    if (s.transition >> 1 !== e.task && !conflicts(s.footprint, e.footprint)) out.push(s);
  }
  return out;
}

export function asleep(sleep: readonly Sleeper[], transition: number): boolean {
  for (const s of sleep) if (s.transition === transition) return true;
  return false;
}
