// What the actors of one run share: the kernel, the mapped regions, the pin records they write,
// the registry of who holds GUP references, and the count of actors still running (the run ends
// when it reaches zero, since the per-CPU kworkers never exit).

import { KEY_PAGE_TABLES, type Kernel } from "../kernel/kernel.ts";
import type { AddressSpace, Mm } from "../kernel/mm.ts";
import type { Pipe } from "../kernel/splice.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import type { SpawnFn } from "./actor.ts";
import { HoldRegistry } from "./holds.ts";
import type { PinRecord } from "./pin_record.ts";
import { Barriers } from "./program/barriers.ts";
import type { Draws } from "./program/draws.ts";
import { mapRegion, type Region } from "./region.ts";

/** A regular file that `read` steps read: its page cache (each task keeps its own offset). */
export interface ReadFile {
  readonly space: AddressSpace;
}

/**
 * An object, not a closure: a call site that saw a new closure per run kept each run's closure
 * (and through it the whole run) alive across minor GCs, about 57 KB per run promoted to the old
 * generation; a method of one class is the same function in every run.
 */
export interface PinResultObserver {
  pinResult(rec: PinRecord): void;
}

export class World {
  readonly k: Kernel;
  readonly scenario: Scenario;
  /** Mapped regions: those mapped at the start, and those a program's mmap step has mapped. */
  readonly regions: Map<string, Region>;
  /** The scenario's one process. */
  readonly mm: Mm;
  /** Starts more tasks (an actor's in-flight operations). */
  readonly spawn: SpawnFn;
  readonly pins: PinRecord[] = [];
  /** The folios each pin record pinned (pins[i] -> pinPages[i]), for the model checker. */
  readonly pinPages: (readonly number[])[] = [];
  readonly files = new Map<string, ReadFile>();
  readonly pipes = new Map<string, Pipe>();
  readonly barriers = new Barriers();
  /** The page cache of each memfd region once created (a re-mmap maps the same file). */
  readonly memfds = new Map<string, AddressSpace>();
  /** How a task's steps draw their random choices (seeded stream, or the checker's choose()). */
  readonly drawsFor: (task: string) => Draws;
  readonly holds = new HoldRegistry();
  /** Pin calls that have entered pin_user_pages*() and not returned. */
  pinsInFlight = 0;
  /** Told of each pin record as it is written (runs check the model invariants there). */
  onPinResult: PinResultObserver | null = null;
  actorsLeft = 0;

  constructor(
    k: Kernel,
    scenario: Scenario,
    regions: Map<string, Region>,
    mm: Mm,
    spawn: SpawnFn,
    drawsFor: (task: string) => Draws,
  ) {
    this.k = k;
    this.drawsFor = drawsFor;
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

  /** The region if it is mapped now (and not unmapped since), else null. */
  mapped(name: string): Region | null {
    // mmap/munmap write the VMA list: a step that branches on it must order against them (DPOR).
    this.k.touch(KEY_PAGE_TABLES, false);
    const r = this.regions.get(name);
    return r === undefined || r.vma.unmapped ? null : r;
  }

  /** mmap() of a region at run time: the memfd (created once) or anonymous memory. */
  mapNow(name: string): Region {
    const spec = this.scenario.regions.find((s) => s.name === name)!;
    const r = mapRegion(this.k, this.mm, spec, this.memfds.get(name));
    if (r.space !== null) this.memfds.set(name, r.space);
    this.regions.set(name, r);
    return r;
  }

  /** An actor finished: when the last one does, stop the engine (kworkers would idle forever). */
  actorDone(): void {
    this.actorsLeft--;
    if (this.actorsLeft === 0) this.k.engine.stop();
  }
}
