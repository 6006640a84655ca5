// The order both formatters read events in. ftrace merges its per-CPU ring buffers by timestamp;
// we do the same with a stable sort, so events of one virtual instant keep the order the model
// emitted them in (that order is causal: a ref is taken before the check that sees it).
// chrome_trace.ts reads events through this module too, so both views agree on what came first.

import type { TraceEvent } from "../../kernel/trace.ts";

export interface OrderedEvent {
  readonly ev: TraceEvent;
  /** Position in the sorted order; a total tie-break for everything downstream. */
  readonly seq: number;
  /** ev.t_ns made a non-negative integer, so µs truncation and ns→µs division are exact. */
  readonly t_ns: number;
}

/** Timestamps that are not finite or negative collapse to 0 rather than corrupting the output. */
export function normalizeTime_ns(t_ns: number): number {
  return Number.isFinite(t_ns) && t_ns > 0 ? Math.floor(t_ns) : 0;
}

export function orderEvents(events: readonly TraceEvent[]): OrderedEvent[] {
  const keyed = events.map((ev, index) => ({ ev, index, t_ns: normalizeTime_ns(ev.t_ns) }));
  keyed.sort((a, b) => a.t_ns - b.t_ns || a.index - b.index);
  return keyed.map((k, seq) => ({ ev: k.ev, seq, t_ns: k.t_ns }));
}

/** Highest CPU number any event mentions (emitter, batch owner, work target), plus one; at least 1. */
export function cpusMentioned(events: readonly TraceEvent[]): number {
  let maxCpu = 0;
  for (const ev of events) {
    maxCpu = Math.max(maxCpu, ev.cpu);
    if (ev.type === "batch_enqueue" || ev.type === "batch_release") maxCpu = Math.max(maxCpu, ev.batch_cpu);
    if (ev.type.startsWith("workqueue_") && "target_cpu" in ev) maxCpu = Math.max(maxCpu, ev.target_cpu);
  }
  return maxCpu + 1;
}

/** The explicit CPU count if it covers every CPU seen, else what the events need. */
export function resolveCpuCount(events: readonly TraceEvent[], nrCpus: number | undefined): number {
  const needed = cpusMentioned(events);
  return nrCpus !== undefined && Number.isInteger(nrCpus) && nrCpus >= needed ? nrCpus : needed;
}

/** The time everything still open is closed at: the last event's time (0 for an empty trace). */
export function lastTime_ns(ordered: readonly OrderedEvent[]): number {
  return ordered.length === 0 ? 0 : ordered[ordered.length - 1]!.t_ns;
}
