// The properties `pinsim check` evaluates on every execution: the always-checked kernel
// invariants (kernel-model.md §11) and the scenario's own (every-pin-succeeds, max-outer-retries,
// max-global-drains-per-pin). Each execution records the first violation of each property.

import { TASK_DEAD } from "../engine/task.ts";
import { errnoName } from "../kernel/errno.ts";
import { folioIsLongtermPinnable, GupRetryCapError } from "../kernel/gup.ts";
import { H_GUP_PIN } from "../kernel/holders.ts";
import { checkFolio, InvariantViolation } from "../kernel/invariants.ts";
import { batchKey, folioKey, type Kernel } from "../kernel/kernel.ts";
import type { PropertySpec } from "../scenarios/scenario.ts";
import { BatchCheck } from "./batches.ts";
import type { PinLog, PinRecord } from "./models/pin_log.ts";

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

/** One set of scratch arrays for every checker: executions run one at a time. */
const SHARED_BATCH_CHECK = new BatchCheck();

/** Evaluates the properties over one execution. */
export class PropertyChecker {
  readonly violations: Violation[] = [];
  private readonly k: Kernel;
  private readonly pins: PinLog;
  private readonly model: readonly PropertySpec[];
  private seenPins = 0;
  private readonly batches = SHARED_BATCH_CHECK;

  constructor(k: Kernel, pins: PinLog, model: readonly PropertySpec[]) {
    this.k = k;
    this.pins = pins;
    this.model = model;
  }

  violated(property: string): boolean {
    return this.violations.some((v) => v.property === property);
  }

  /** After each step. Returns false when the state can no longer be trusted (stop the run). */
  afterEvent(event: number): boolean {
    const ok = this.invariants(event);
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
    const c = this.k.counters;
    if (c.nr_isolated_anon !== 0 || c.nr_isolated_file !== 0) {
      this.violate(
        "nr-isolated",
        event,
        `NR_ISOLATED is ${c.nr_isolated_anon + c.nr_isolated_file} pages at the end`,
      );
    }
    const extra = pinDifference(pinsHeld(this.k), this.pins.kept);
    if (extra !== null) this.violate("pins-released", event, extra);
    const stuck = explored.filter((t) => t.state !== TASK_DEAD).map((t) => t.name);
    if (stuck.length > 0) this.violate("terminates", event, `blocked forever: ${stuck.join(", ")}`);
  }

  /**
   * With footprints recorded (dfs, dpor), only what the step touched is checked: a folio's row
   * and the batches change only under a touch of their key (the footprints DPOR relies on).
   * Otherwise, and at the end of every execution, everything is.
   */
  private invariants(event: number, all = false): boolean {
    const k = this.k;
    const fp = k.engine.recordAccess && !all ? k.engine.footprint : null;
    try {
      if (fp === null) for (let f = 0; f < k.folios.count; f++) checkFolio(k, f);
      else for (const a of fp) checkTouchedFolio(k, a < 0 ? -a - 1 : a);
    } catch (e) {
      if (!(e instanceof InvariantViolation)) throw e;
      this.violate("reference-ledger", event, e.message);
      return false;
    }
    if (fp !== null && !fp.some(isBatchAccess)) return this.isolatedBalance(event);
    const batchError = this.batches.check(k);
    if (batchError !== null) {
      this.violate("one-lru-batch", event, batchError);
      return false;
    }
    return this.isolatedBalance(event);
  }

  private isolatedBalance(event: number): boolean {
    const k = this.k;
    if (k.counters.nr_isolated_anon < 0 || k.counters.nr_isolated_file < 0) {
      this.violate("nr-isolated", event, "NR_ISOLATED went negative");
      return false;
    }
    return true;
  }

  private pinChecks(r: PinRecord, event: number): void {
    for (const f of r.pages) {
      if (!folioIsLongtermPinnable(this.k, f))
        this.violate("pinned-pinnable", event, `${r.task} pinned folio ${f}, which is not longterm-pinnable`);
    }
    for (const p of this.model) {
      const info = propertyInfo(p);
      if (p.kind === "every-pin-succeeds" && r.ret !== r.nr) {
        this.violate(
          info.id,
          event,
          `${r.task}: pin_user_pages(${r.nr} pages, FOLL_LONGTERM) returned ${errnoName(r.ret)}`,
        );
      }
      if (p.kind === "max-outer-retries" && r.outerRetries > p.value) {
        this.violate(info.id, event, `${r.task}: a pin took ${r.outerRetries} outer retries`);
      }
      if (p.kind === "max-global-drains-per-pin" && r.globalDrains > p.value) {
        this.violate(info.id, event, `${r.task}: a pin called lru_add_drain_all() ${r.globalDrains} times`);
      }
    }
  }

  private violate(property: string, event: number, message: string): void {
    if (!this.violated(property)) this.violations.push({ property, event, message });
  }
}

const FOLIO_KEY_0 = folioKey(0);
const FIRST_BATCH_KEY = batchKey(0, 0);

function checkTouchedFolio(k: Kernel, key: number): void {
  const f = key - FOLIO_KEY_0;
  if (f >= 0 && f < k.folios.count) checkFolio(k, f);
}

/** A batch key (batchKey(cpu, kind): kinds 0..6; slot 7 of each CPU is its drain work). */
function isBatchAccess(a: number): boolean {
  const key = a < 0 ? -a - 1 : a;
  return key >= FIRST_BATCH_KEY && key < FOLIO_KEY_0 && (key - FIRST_BATCH_KEY) % 8 !== 7;
}

/** Pins held at the end, by folio, from the reference ledger. */
function pinsHeld(k: Kernel): Map<number, number> {
  const out = new Map<number, number>();
  for (let f = 0; f < k.folios.count; f++) {
    const n = k.folios.held(f, H_GUP_PIN);
    if (n > 0) out.set(f, n);
  }
  return out;
}

/** What differs between the pins held and the pins the model keeps, or null. */
function pinDifference(held: ReadonlyMap<number, number>, kept: ReadonlyMap<number, number>): string | null {
  const folios = new Set([...held.keys(), ...kept.keys()]);
  for (const f of [...folios].sort((a, b) => a - b)) {
    const h = held.get(f) ?? 0;
    const w = kept.get(f) ?? 0;
    if (h !== w) return `folio ${f}: ${h} pin(s) held at the end, ${w} kept by their tasks`;
  }
  return null;
}
