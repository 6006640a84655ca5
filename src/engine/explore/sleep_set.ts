// Sleep sets (Godefroid): transitions already explored from an ancestor, with the footprint they
// had there. They stay asleep while every later event is independent of them.

import type { EventRecord } from "./execution.ts";
import { conflicts } from "./footprint.ts";

export interface Sleeper {
  readonly transition: number;
  readonly footprint: readonly number[];
}

/**
 * The sleep set after event `e`: sleepers of other tasks that do not conflict with it. When all
 * stay asleep (the common case) it is `sleep` itself: sleep sets are never changed in place.
 */
export function sleepAfter(sleep: readonly Sleeper[], e: EventRecord): Sleeper[] {
  if (sleep.length === 0) return sleep as Sleeper[];
  if (e.barrier || e.wildcard) return [];
  let i = 0;
  while (i < sleep.length && staysAsleep(sleep[i]!, e)) i++;
  if (i === sleep.length) return sleep as Sleeper[];
  const out = sleep.slice(0, i);
  for (i++; i < sleep.length; i++) if (staysAsleep(sleep[i]!, e)) out.push(sleep[i]!);
  return out;
}

function staysAsleep(s: Sleeper, e: EventRecord): boolean {
  return s.transition >> 1 !== e.task && !conflicts(s.footprint, e.footprint);
}

export function asleep(sleep: readonly Sleeper[], transition: number): boolean {
  for (const s of sleep) if (s.transition === transition) return true;
  return false;
}
