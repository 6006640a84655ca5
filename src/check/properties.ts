// The properties `pinsim check` evaluates on every execution: the always-checked kernel
// invariants (kernel-model.md §11) and the scenario's own (every-pin-succeeds, max-outer-retries,
// max-global-drains-per-pin). Each execution records the first violation of each property.

import { TASK_DEAD } from "../engine/task.ts";
import { errnoName } from "../kernel/errno.ts";
import { folioIsLongtermPinnable, GupRetryCapError } from "../kernel/gup.ts";
import { H_GUP_PIN } from "../kernel/holders.ts";
import {
  batchViolation,
  foliosViolation,
  folioViolation,
  InvariantViolation,
  isolatedViolation,
  pinBalanceViolation,
  quiescentViolation,
} from "../kernel/invariants.ts";
import { batchKey, folioKey, type Kernel } from "../kernel/kernel.ts";
import type { PropertySpec } from "../scenarios/scenario.ts";
import type { PinRecord, PinSource } from "./pins.ts";

export interface PropertyInfo {
  readonly id: string;
  readonly description: string;
}

export const ALWAYS_CHECKED: readonly PropertyInfo[] = [
  {
    id: "reference-ledger",
    description: "refcount = sum of the attributed holders, for every folio after every step",
  },
  {
    id: "one-lru-batch",
    description: "a folio sits in at most one LRU batch; batch references match entries",
  },
  { id: "nr-isolated", description: "NR_ISOLATED never negative, and back to 0 when the run ends" },
  { id: "pinned-pinnable", description: "every folio a longterm pin returns is longterm-pinnable" },
  {
    id: "pins-released",
    description: "every pin released exactly once: at the end only the pins a task keeps remain",
  },
  {
    id: "no-kernel-bug",
    description: "no modelled kernel assertion fires (e.g. unpin of a folio holding no pin)",
  },
  {
    id: "terminates",
    description: "every task finishes: no livelock in the GUP retry loop, no task blocked forever",
  },
];

export function propertyInfo(p: PropertySpec): PropertyInfo {
  switch (p.kind) {
    case "every-pin-succeeds":
      return { id: "every-pin-succeeds", description: "every longterm pin succeeds" };
    case "max-outer-retries":
      return {
        id: `max-outer-retries=${p.value}`,
        description: `no pin takes more than ${p.value} outer retries`,
      };
    case "max-global-drains-per-pin":
      return {
        id: `max-global-drains-per-pin=${p.value}`,
        description: `no pin calls lru_add_drain_all() more than ${p.value} times`,
      };
  }
}

/** The scenario property a verdict id names ("max-outer-retries=2"), or null for an always-checked one. */
export function propertyFromId(id: string): PropertySpec | null {
  if (id === "every-pin-succeeds") return { kind: "every-pin-succeeds" };
  const m = /^(max-outer-retries|max-global-drains-per-pin)=(\d+)$/.exec(id);
  if (m === null) return null;
  return { kind: m[1] as "max-outer-retries" | "max-global-drains-per-pin", value: Number(m[2]) };
}

export interface Violation {
  readonly property: string;
  readonly event: number;
  readonly message: string;
}

/** Evaluates the properties over one execution. */
export class PropertyChecker {
  readonly violations: Violation[] = [];
  private readonly k: Kernel;
  private readonly pins: PinSource;
  private readonly model: readonly PropertySpec[];
  /** The model properties' verdict ids, in model order. */
  private readonly ids: readonly string[];
  private seenPins = 0;

  constructor(k: Kernel, pins: PinSource, model: readonly PropertySpec[]) {
    this.k = k;
    this.pins = pins;
    this.model = model;
    this.ids = model.map((p) => propertyInfo(p).id);
  }

  violated(property: string): boolean {
    return this.violations.some((v) => v.property === property);
  }

  /**
   * After each step. Returns false when the state can no longer be trusted (stop the run).
   * `replayed`: the step is in the prefix a stateless exploration replays to reach its next
   * decision. The invariants are skipped there, and the outcome is the same: replaying the same
   * decisions from the same initial state gives the same states (the executor checks that each
   * replayed event is the same transition); the first execution to take these events checked
   * the states after them; and a broken invariant stops its execution (invariants() returns
   * false), so that execution ended at the first break and its successors replay only events
   * before it. The pin checks still run: they record without stopping, once per execution.
   */
  afterEvent(event: number, replayed = false): boolean {
    const ok = replayed || this.invariants(event);
    this.pins.sync();
    while (this.seenPins < this.pins.records.length)
      this.pinChecks(this.pins.records[this.seenPins++]!, event);
    return ok;
  }

  /** A step threw. */
  failed(error: unknown, event: number): void {
    if (error instanceof GupRetryCapError) this.violate("terminates", event, `livelock: ${error.message}`);
    else if (error instanceof InvariantViolation) this.violate("reference-ledger", event, error.message);
    else this.violate("no-kernel-bug", event, error instanceof Error ? error.message : String(error));
  }

  tooLong(event: number): void {
    this.violate("terminates", event, "the execution did not end within the event limit (livelock?)");
  }

  /** When an execution ends normally. */
  atEnd(event: number, explored: readonly { name: string; state: number }[]): void {
    if (!this.invariants(event, true)) return;
    const isolated = quiescentViolation(this.k);
    if (isolated !== null) this.violate("nr-isolated", event, isolated);
    const extra = pinDifference(this.k, this.pins.kept());
    if (extra !== null) this.violate("pins-released", event, extra);
    const stuck = explored.filter((t) => t.state !== TASK_DEAD).map((t) => t.name);
    if (stuck.length > 0) this.violate("terminates", event, `blocked forever: ${stuck.join(", ")}`);
  }

  /**
   * kernel/invariants.ts's rules, each under its property. With footprints recorded (dfs, dpor),
   * only what the step touched is checked: a folio's row and the batches change only under a
   * touch of their key (the footprints DPOR relies on). Otherwise, and at the end of every
   * execution, everything is.
   */
  private invariants(event: number, all = false): boolean {
    const k = this.k;
    const fp = k.engine.recordAccess && !all ? k.engine.footprint : null;
    const folio = fp === null ? foliosViolation(k) : touchedFoliosViolation(k, fp);
    if (folio !== null) return this.stop("reference-ledger", event, folio);
    const batch = fp === null || anyBatchAccess(fp) ? batchViolation(k) : null;
    if (batch !== null) return this.stop("one-lru-batch", event, batch);
    const isolated = isolatedViolation(k);
    if (isolated !== null) return this.stop("nr-isolated", event, isolated);
    const pins = pinBalanceViolation(k);
    if (pins !== null) return this.stop("pins-released", event, pins);
    return true;
  }

  /** Records a violation after which the state can no longer be trusted. */
  private stop(property: string, event: number, message: string): false {
    this.violate(property, event, message);
    return false;
  }

  private pinChecks(r: PinRecord, event: number): void {
    for (const f of r.pages) {
      if (!folioIsLongtermPinnable(this.k, f))
        this.violate("pinned-pinnable", event, `${r.task} pinned folio ${f}, which is not longterm-pinnable`);
    }
    for (let i = 0; i < this.model.length; i++) {
      const p = this.model[i]!;
      const id = this.ids[i]!;
      if (p.kind === "every-pin-succeeds" && r.ret !== r.nr) {
        this.violate(
          id,
          event,
          `${r.task}: pin_user_pages(${r.nr} pages, FOLL_LONGTERM) returned ${errnoName(r.ret)}`,
        );
      }
      if (p.kind === "max-outer-retries" && r.outerRetries > p.value) {
        this.violate(id, event, `${r.task}: a pin took ${r.outerRetries} outer retries`);
      }
      if (p.kind === "max-global-drains-per-pin" && r.globalDrains > p.value) {
        this.violate(id, event, `${r.task}: a pin called lru_add_drain_all() ${r.globalDrains} times`);
      }
    }
  }

  private violate(property: string, event: number, message: string): void {
    if (!this.violated(property)) this.violations.push({ property, event, message });
  }
}

const FOLIO_KEY_0 = folioKey(0);
const FIRST_BATCH_KEY = batchKey(0, 0);

/** folioViolation() of each folio the step read or wrote (footprint entries: key, or -key - 1). */
function touchedFoliosViolation(k: Kernel, footprint: readonly number[]): string | null {
  const count = k.folios.count;
  // Indexed loops here and in anyBatchAccess: a for-of over the footprint allocated an iterator
  // result per key on this path, which runs after every event of every execution.
  for (let i = 0; i < footprint.length; i++) {
    const a = footprint[i]!;
    const f = (a < 0 ? -a - 1 : a) - FOLIO_KEY_0;
    if (f < 0 || f >= count) continue;
    const msg = folioViolation(k, f);
    if (msg !== null) return msg;
  }
  return null;
}

/** The step touched a batch key (batchKey(cpu, kind): kinds 0..6; slot 7 of each CPU is its drain work). */
function anyBatchAccess(footprint: readonly number[]): boolean {
  for (let i = 0; i < footprint.length; i++) {
    const a = footprint[i]!;
    const key = a < 0 ? -a - 1 : a;
    if (key >= FIRST_BATCH_KEY && key < FOLIO_KEY_0 && (key - FIRST_BATCH_KEY) % 8 !== 7) return true;
  }
  return false;
}

/**
 * The first folio, by id, whose pins held at the end (from the reference ledger) differ from the
 * pins the model keeps, or null. Runs at the end of every execution: no allocation.
 */
function pinDifference(k: Kernel, kept: ReadonlyMap<number, number>): string | null {
  let end = k.folios.count;
  for (const f of kept.keys()) if (f >= end) end = f + 1;
  for (let f = 0; f < end; f++) {
    const h = f < k.folios.count ? k.folios.held(f, H_GUP_PIN) : 0;
    const w = kept.get(f) ?? 0;
    if (h !== w) return `folio ${f}: ${h} pin(s) held at the end, ${w} kept by their tasks`;
  }
  return null;
}
