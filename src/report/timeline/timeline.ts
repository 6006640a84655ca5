// One traced run as a per-CPU timeline, for the playground's failure view: kernel function
// slices per CPU (nested per task), the reference ledger of the folio whose migration check
// failed first (references by holder over time), that folio's stays in per-CPU batches with the
// stay that held the extra reference marked, and the migration refcount checks. Built from the
// same pairing rules as the Chrome trace (ftrace/frames.ts, chrome/batches.ts, chrome/flows.ts),
// so both views tell the same story. Plain data; the page draws it.

import type { PageRefModEvent, RefcountCheckEvent, TraceEvent } from "../../kernel/trace.ts";
import { type BatchStay, pairBatchStays } from "../chrome/batches.ts";
import { findFlowLinks } from "../chrome/flows.ts";
import { slicesFromPlan } from "../chrome/slices.ts";
import { planFrames } from "../ftrace/frames.ts";
import { lastTime_ns, type OrderedEvent, orderEvents } from "../ftrace/order.ts";

export interface TimelineSlice {
  readonly cpu: number;
  readonly task: string;
  readonly name: string;
  /** Nesting depth within the task's call tree (0: outermost). */
  readonly depth: number;
  readonly start_ns: number;
  readonly end_ns: number;
}

/** The folio's references by holder after one change (GUP pins counted as pins, not as 1024). */
export interface LedgerStep {
  readonly t_ns: number;
  readonly cpu: number;
  readonly task: string;
  readonly holder: string;
  readonly delta: number;
  readonly refcount: number;
  readonly holders: Readonly<Record<string, number>>;
  /** This reference (a transient holder's) is the one a failed migration check tripped over. */
  readonly extra: boolean;
}

export interface BatchStayBar {
  readonly batch: string;
  readonly batch_cpu: number;
  readonly from_ns: number;
  readonly to_ns: number;
  /** This stay's reference is the one a failed migration check tripped over. */
  readonly extra: boolean;
}

export interface CheckMark {
  readonly t_ns: number;
  readonly cpu: number;
  readonly ok: boolean;
  readonly refcount: number;
  readonly expected: number;
  readonly pass: number;
}

export interface Timeline {
  /** The folio a migration check failed on first; null when every check passed. */
  readonly folio: number | null;
  readonly end_ns: number;
  readonly cpus: readonly number[];
  readonly slices: readonly TimelineSlice[];
  readonly ledger: readonly LedgerStep[];
  readonly stays: readonly BatchStayBar[];
  readonly checks: readonly CheckMark[];
}

/** A GUP pin adds GUP_PIN_COUNTING_BIAS to the refcount; the ledger counts it as one pin. */
const PIN_BIAS = 1024;

export function timelineOf(events: readonly TraceEvent[]): Timeline {
  const ordered = orderEvents(events);
  const end_ns = lastTime_ns(ordered);
  const folio = firstFailedFolio(ordered);
  const slices = functionSlices(ordered, end_ns);
  const stays = pairBatchStays(ordered);
  const extra = new Set(findFlowLinks(ordered, stays).map((l) => l.source.seq));
  return {
    folio,
    end_ns,
    cpus: [...new Set(slices.map((s) => s.cpu))].sort((a, b) => a - b),
    slices,
    ledger: folio === null ? [] : ledgerOf(ordered, folio, extra),
    stays: folio === null ? [] : staysOf(stays, folio, end_ns, extra),
    checks: folio === null ? [] : checksOf(ordered, folio),
  };
}

function firstFailedFolio(ordered: readonly OrderedEvent[]): number | null {
  for (const { ev } of ordered) if (ev.type === "refcount_check" && !ev.ok) return ev.folio;
  return null;
}

function functionSlices(ordered: readonly OrderedEvent[], end_ns: number): TimelineSlice[] {
  const raw = slicesFromPlan(ordered, planFrames(ordered), end_ns);
  // Frames nest properly per task: sorted by (task, start, longest first), a stack gives depths.
  const sorted = [...raw].sort(
    (a, b) =>
      a.frame.pid - b.frame.pid ||
      a.start_ns - b.start_ns ||
      b.end_ns - a.end_ns ||
      a.frame.open.seq - b.frame.open.seq,
  );
  const out: TimelineSlice[] = [];
  const stack: { pid: number; end_ns: number }[] = [];
  for (const s of sorted) {
    while (stack.length > 0 && (stack.at(-1)!.pid !== s.frame.pid || stack.at(-1)!.end_ns <= s.start_ns))
      stack.pop();
    const ev = s.frame.open.ev;
    out.push({
      cpu: ev.cpu,
      task: ev.task.comm,
      name: s.frame.name,
      depth: stack.length,
      start_ns: s.start_ns,
      end_ns: s.end_ns,
    });
    stack.push({ pid: s.frame.pid, end_ns: s.end_ns });
  }
  return out.sort((a, b) => a.cpu - b.cpu || a.start_ns - b.start_ns || a.depth - b.depth);
}

function ledgerOf(ordered: readonly OrderedEvent[], folio: number, extra: ReadonlySet<number>): LedgerStep[] {
  const holders: Record<string, number> = {};
  const out: LedgerStep[] = [];
  for (const { ev, t_ns, seq } of ordered) {
    if (ev.type !== "page_ref_mod" || ev.folio !== folio) continue;
    const delta = refsOf(ev);
    holders[ev.holder] = (holders[ev.holder] ?? 0) + delta;
    if (holders[ev.holder] === 0) delete holders[ev.holder];
    out.push({
      t_ns,
      cpu: ev.cpu,
      task: ev.task.comm,
      holder: ev.holder,
      delta,
      refcount: ev.count,
      holders: { ...holders },
      extra: extra.has(seq),
    });
  }
  return out;
}

function refsOf(ev: PageRefModEvent): number {
  return ev.holder === "gup-pin" ? Math.trunc(ev.val / PIN_BIAS) : ev.val;
}

function staysOf(
  stays: readonly BatchStay[],
  folio: number,
  end_ns: number,
  extra: ReadonlySet<number>,
): BatchStayBar[] {
  return stays
    .filter((s) => s.folio === folio)
    .map((s) => ({
      batch: s.enqueue.ev.batch,
      batch_cpu: s.enqueue.ev.batch_cpu,
      from_ns: s.enqueue.t_ns,
      to_ns: s.release?.t_ns ?? end_ns,
      extra: extra.has(s.enqueue.seq),
    }));
}

function checksOf(ordered: readonly OrderedEvent[], folio: number): CheckMark[] {
  return ordered
    .filter((oe): oe is OrderedEvent & { ev: RefcountCheckEvent } => oe.ev.type === "refcount_check")
    .filter((oe) => oe.ev.folio === folio)
    .map(({ ev, t_ns }) => ({
      t_ns,
      cpu: ev.cpu,
      ok: ev.ok,
      refcount: ev.count,
      expected: ev.expected,
      pass: ev.pass,
    }));
}
