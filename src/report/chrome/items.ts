// The unit the Chrome view is sorted in: a group of events that must stay adjacent in the file.
// Perfetto binds a flow start ("s") and a bp:"e" flow finish to the topmost slice open on that
// thread when it reads the flow event, so each flow event is grouped right after the
// zero-duration slice it belongs to. Groups sort by time, then slices before other events, then
// longer slices first (a parent before a child starting at the same time), then input order.

import type { ChromeEvent } from "./events.ts";

export interface Item {
  readonly t_ns: number;
  /** 0 for X slices (with their flows), 1 for everything else. */
  readonly rank: 0 | 1;
  readonly dur_ns: number;
  /** seq of the event the group comes from (a slice: its opening event). */
  readonly seq: number;
  readonly events: readonly ChromeEvent[];
}

export function sliceItem(t_ns: number, dur_ns: number, seq: number, events: readonly ChromeEvent[]): Item {
  return { t_ns, rank: 0, dur_ns, seq, events };
}

export function otherItem(t_ns: number, seq: number, events: readonly ChromeEvent[]): Item {
  return { t_ns, rank: 1, dur_ns: 0, seq, events };
}

/** Stable: groups equal in every key keep the order they were produced in. */
export function sortItems(items: readonly Item[]): Item[] {
  return [...items].sort(
    (a, b) => a.t_ns - b.t_ns || a.rank - b.rank || b.dur_ns - a.dur_ns || a.seq - b.seq,
  );
}
