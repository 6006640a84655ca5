// The longterm pins of a check execution, as the properties and the state fingerprint read them:
// each call's result, the folios it pinned and the retries and global drains during it (from
// the workload's pin records), and the pins the tasks still hold on purpose (the hold registry).

import type { World } from "../workloads/world.ts";

export interface PinRecord {
  readonly task: string;
  readonly nr: number;
  readonly ret: number;
  readonly pages: readonly number[];
  readonly outerRetries: number;
  readonly globalDrains: number;
}

/** What the properties and the fingerprint read (PinView; tests give a fixed one). */
export interface PinSource {
  readonly records: readonly PinRecord[];
  sync(): void;
  kept(): Map<number, number>;
}

export class PinView implements PinSource {
  readonly records: PinRecord[] = [];
  private readonly w: World;

  constructor(w: World) {
    this.w = w;
  }

  /** Takes in the pin calls that returned since the last call. */
  sync(): void {
    const w = this.w;
    while (this.records.length < w.pins.length) {
      const i = this.records.length;
      const p = w.pins[i]!;
      this.records.push({
        task: p.actor,
        nr: p.nr_pages,
        ret: p.ret,
        pages: w.pinPages[i] ?? [],
        outerRetries: p.outer_retries,
        globalDrains: p.drains_global,
      });
    }
  }

  /** Pins the tasks keep (pKVM's guest pages, a registered buffer), by folio. */
  kept(): Map<number, number> {
    return this.w.holds.countOf("gup-pin");
  }
}
