// Narrowing a trace (pinsim trace --events/--cpus/--folios/--from/--to). Two stages:
//   - events are kept or dropped before formatting (CPUs, folios, time window), so a dropped
//     begin or end is balanced by the formatters like any other missing one;
//   - --events globs choose lines by event name as the ftrace writer prints them, the way
//     /sys/kernel/tracing/set_event chooses what is recorded; the Chrome view keeps an event if
//     any line it would print in ftrace is chosen (eventNames()). lineSources() drops, as they
//     are emitted, the events no chosen ftrace line can come from.
// --folios names folios by pinsim's id ("folio 7" in counter names) or by pfn ("0x100007"); an
// event that concerns no folio (a function slice, a migrate_pages summary, a work item) is kept.

import type { TraceEvent } from "../../kernel/trace.ts";
import { isPinEntry } from "../../kernel/trace.ts";
import { isProbed, KRETPROBE_EVENTS, kretprobeEvent } from "./kprobes.ts";
import { MARK_EVENT } from "./marks.ts";
import { pageRefTracepoint } from "./page_ref.ts";

export interface TraceFilter {
  readonly cpus?: ReadonlySet<number>;
  readonly folios?: ReadonlySet<number>;
  readonly pfns?: ReadonlySet<number>;
  readonly from_ns?: number;
  readonly to_ns?: number;
}

/** Every event name the ftrace writer prints, in the order docs/trace-format.md lists them. */
export const FTRACE_EVENT_NAMES: readonly string[] = [
  "page_ref_set",
  "page_ref_mod",
  "page_ref_mod_and_test",
  "page_ref_mod_and_return",
  "page_ref_mod_unless",
  "page_ref_freeze",
  "page_ref_unfreeze",
  "mm_lru_insertion",
  "mm_migrate_pages_start",
  "mm_migrate_pages",
  "workqueue_queue_work",
  "workqueue_activate_work",
  "workqueue_execute_start",
  "workqueue_execute_end",
  ...KRETPROBE_EVENTS,
  MARK_EVENT,
];

function folioOf(ev: TraceEvent): number | null {
  return "folio" in ev ? ev.folio : null;
}

/**
 * A stateful predicate for events in emission order. pfns are matched on the events that carry
 * one and remembered as folio ids for those that do not (a folio's first event is always a
 * reference event with its pfn).
 */
export function eventKeeper(f: TraceFilter): (ev: TraceEvent) => boolean {
  const folios = new Set(f.folios ?? []);
  const byPfn = f.pfns !== undefined && f.pfns.size > 0;
  const bounded = f.folios !== undefined || byPfn;
  return (ev) => {
    if (f.from_ns !== undefined && ev.t_ns < f.from_ns) return false;
    if (f.to_ns !== undefined && ev.t_ns > f.to_ns) return false;
    if (f.cpus !== undefined && !f.cpus.has(ev.cpu)) return false;
    const folio = folioOf(ev);
    if (!bounded || folio === null) return true;
    if (byPfn && "pfn" in ev && f.pfns!.has(ev.pfn)) folios.add(folio);
    return folios.has(folio);
  };
}

/** A name matcher from globs ('*' any run, '?' one character); no globs matches everything. */
export function nameMatcher(globs: readonly string[] | undefined): (name: string) => boolean {
  if (globs === undefined || globs.length === 0) return () => true;
  const res = globs.map(
    (g) =>
      new RegExp(
        `^${g
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, ".")}$`,
      ),
  );
  return (name) => res.some((re) => re.test(name));
}

/** The ftrace event names one trace event can print as (for filtering the Chrome view). */
export function eventNames(ev: TraceEvent): string[] {
  switch (ev.type) {
    case "page_ref_mod":
      return [pageRefTracepoint(ev).event, MARK_EVENT];
    case "refcount_check":
      return ["page_ref_freeze", "page_ref_unfreeze", MARK_EVENT];
    case "workqueue_queue_work":
      return [ev.type, "workqueue_activate_work"];
    case "workqueue_execute_start":
      // A work item still running when the trace ends is closed with an E mark.
      return [ev.type, MARK_EVENT];
    case "func_end":
      return isPinEntry(ev.func) ? [kretprobeEvent(ev.func), MARK_EVENT] : [MARK_EVENT];
    case "func_return":
      return isProbed(ev.func) ? [kretprobeEvent(ev.func)] : [];
    case "func_begin":
    case "batch_enqueue":
    case "batch_release":
      return [MARK_EVENT];
    case "collect_drain_decision":
      return [];
    default:
      return [ev.type];
  }
}

const PAGE_REF_NAMES = FTRACE_EVENT_NAMES.filter((n) => n.startsWith("page_ref_"));

/**
 * The events the chosen ftrace lines can come from, including what other lines depend on: every
 * frame edge (B/E balance, the caller of a return probe) and, when any page_ref_* line is
 * chosen, every reference event and check (handover pairs, the state a freeze line prints).
 */
export function lineSources(chosen: (name: string) => boolean): (ev: TraceEvent) => boolean {
  const refs = PAGE_REF_NAMES.some(chosen);
  return (ev) => {
    switch (ev.type) {
      case "func_begin":
      case "func_end":
      case "workqueue_execute_start":
      case "workqueue_execute_end":
        return true;
      case "page_ref_mod":
      case "refcount_check":
        return refs || eventNames(ev).some(chosen);
      default:
        return eventNames(ev).some(chosen);
    }
  };
}
