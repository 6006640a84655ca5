// What the actors of one run share: the kernel, the mapped regions, the pin records they write,
// the registry of who holds GUP references, and the count of actors still running (the run ends
// when it reaches zero, since the per-CPU kworkers never exit).

import type { Kernel } from "../kernel/kernel.ts";
import type { Mm } from "../kernel/mm.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { SpawnFn } from "./actor.ts";
import { HoldRegistry } from "./holds.ts";
import type { PinRecord } from "./pin_record.ts";
import type { Region } from "./region.ts";

export class World {
  readonly k: Kernel;
  readonly scenario: Scenario;
  readonly regions: ReadonlyMap<string, Region>;
  /** The scenario's one process. */
  readonly mm: Mm;
  /** Starts more tasks (an actor's in-flight operations). */
  readonly spawn: SpawnFn;
  readonly pins: PinRecord[] = [];
  readonly holds = new HoldRegistry();
  /** Pin calls that have entered pin_user_pages*() and not returned. */
  pinsInFlight = 0;
  actorsLeft = 0;

  constructor(k: Kernel, scenario: Scenario, regions: ReadonlyMap<string, Region>, mm: Mm, spawn: SpawnFn) {
    this.k = k;
    this.scenario = scenario;
    this.regions = regions;
    this.mm = mm;
    this.spawn = spawn;
  }

  region(name: string): Region {
    const r = this.regions.get(name);
    if (r === undefined) throw new Error(`no region "${name}"`);
    return r;
  }

  /** An actor finished: when the last one does, stop the engine (kworkers would idle forever). */
  actorDone(): void {
    this.actorsLeft--;
    if (this.actorsLeft === 0) this.k.engine.stop();
  }
}
