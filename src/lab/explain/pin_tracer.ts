// A tracer that follows one pin call (the n-th of one actor) and records, for the pages it pins:
// each folio's state when collect_longterm_unpinnable_folios() starts (before any drain), the
// drain decisions taken, every migration reference-count check, and the folio's full state at
// each failed check. It reads kernel state synchronously as each event is emitted.

import type { Kernel } from "../../kernel/kernel.ts";
import {
  type DrainDecisionEvent,
  isPinEntry,
  type RefcountCheckEvent,
  type TraceEvent,
  type Tracer,
} from "../../kernel/trace.ts";
import { folioAt, type Region } from "../../workloads/region.ts";
import type { World } from "../../workloads/world.ts";
import { type FolioSnapshot, snapshotFolio } from "./folio_snapshot.ts";

export interface PinTarget {
  readonly actor: string;
  readonly seq: number;
  readonly region: string;
  readonly page: number;
  readonly nr_pages: number;
}

export type DecisionView = Omit<DrainDecisionEvent, "type" | "task">;
export type CheckView = Omit<RefcountCheckEvent, "type" | "task">;

/** What one traced pin call left behind. */
export interface PinTrace {
  /** Per collect pass, the folio at each pinned region page as the pass began. */
  readonly collects: Map<number, FolioSnapshot>[];
  readonly decisions: DecisionView[];
  readonly checks: CheckView[];
  /** The latest failed check of each folio, with the folio's state at that moment. */
  readonly failedChecks: Map<number, { check: CheckView; snapshot: FolioSnapshot }>;
  /** Folio at each pinned page once the call returned (after migration, the new one). */
  readonly after: Map<number, number>;
  returned: number | null;
}

export class PinTracer implements Tracer {
  readonly trace: PinTrace = {
    collects: [],
    decisions: [],
    checks: [],
    failedChecks: new Map(),
    after: new Map(),
    returned: null,
  };
  private readonly k: Kernel;
  private readonly w: World;
  private readonly target: PinTarget;
  private calls = 0;
  private activePid: number | null = null;

  constructor(k: Kernel, w: World, target: PinTarget) {
    this.k = k;
    this.w = w;
    this.target = target;
  }

  emit(ev: TraceEvent): void {
    if (ev.type === "func_begin" && isPinEntry(ev.func) && ev.task.comm === this.target.actor) {
      if (this.calls++ === this.target.seq) this.activePid = ev.task.pid;
      return;
    }
    if (this.activePid === null || ev.task.pid !== this.activePid) return;
    this.onPinEvent(ev);
  }

  private onPinEvent(ev: TraceEvent): void {
    if (ev.type === "func_begin" && ev.func === "collect_longterm_unpinnable_folios")
      this.trace.collects.push(this.snapshotPages());
    else if (ev.type === "collect_drain_decision") this.trace.decisions.push(strip(ev));
    else if (ev.type === "refcount_check") this.onCheck(strip(ev));
    else if (ev.type === "func_end" && isPinEntry(ev.func)) this.onReturn(ev.value);
  }

  private onCheck(check: CheckView): void {
    this.trace.checks.push(check);
    if (!check.ok)
      this.trace.failedChecks.set(check.folio, {
        check,
        snapshot: snapshotFolio(this.k, this.w, check.folio),
      });
  }

  private onReturn(value: number): void {
    this.trace.returned = value;
    const r = this.region();
    for (let p = this.target.page; p < this.target.page + this.target.nr_pages; p++)
      this.trace.after.set(p, folioAt(this.k, r, p));
    this.activePid = null;
  }

  /** One snapshot per folio, entered under every page it covers. */
  private snapshotPages(): Map<number, FolioSnapshot> {
    const r = this.region();
    const out = new Map<number, FolioSnapshot>();
    let last: FolioSnapshot | null = null;
    for (let p = this.target.page; p < this.target.page + this.target.nr_pages; p++) {
      const f = folioAt(this.k, r, p);
      if (f < 0) continue;
      if (last === null || last.folio !== f) last = snapshotFolio(this.k, this.w, f);
      out.set(p, last);
    }
    return out;
  }

  private region(): Region {
    return this.w.region(this.target.region);
  }
}

function strip<E extends { type: string; task: unknown }>(ev: E): Omit<E, "type" | "task"> {
  const { type: _type, task: _task, ...rest } = ev;
  return rest;
}
