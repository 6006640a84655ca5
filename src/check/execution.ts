// The model checker's Subject: each execution boots a small kernel, puts the scenario's small
// configuration on it (the same workload code the simulator runs, with enumerated draws), lets
// the kworkers boot, and then lets the explorer interleave the tasks, checking the properties
// after every event.

import { Engine } from "../engine/engine.ts";
import type { EndReason, Run, Subject } from "../engine/explore/subject.ts";
import type { Strategy } from "../engine/strategy.ts";
import type { Task } from "../engine/task.ts";
import { bootKernel } from "../kernel/boot.ts";
import { type CostModel, costModelWith } from "../kernel/cost_model.ts";
import type { FolioBatch } from "../kernel/folio_batch.ts";
import { FolioTable } from "../kernel/folio_table.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { ZoneLayout } from "../kernel/page_alloc.ts";
import type { PropertySpec } from "../scenarios/scenario.ts";
import type { SpawnFn } from "../workloads/actor.ts";
import { setUpWorkload } from "../workloads/spawn.ts";
import type { World } from "../workloads/world.ts";
import { zoneLayout } from "../workloads/zones.ts";
import { ChoiceTap, type FingerprintMode, StateFingerprint } from "./fingerprint.ts";
import { PinView } from "./pins.ts";
import { PropertyChecker, type Violation } from "./properties.ts";
import type { CheckTarget } from "./target.ts";

/** What one execution found. */
export interface Outcome {
  readonly reason: EndReason;
  readonly decisions: readonly number[];
  readonly violations: readonly Violation[];
  /** Events recorded (the violating event is the last when stopped at one). */
  readonly events: number;
}

export interface CheckSubjectOptions {
  /** End an execution as soon as this property is violated (shrinking, replay). */
  readonly stopAt?: string;
  /** Called with each booted kernel (attach a tracer), and after each event. */
  readonly onBoot?: (k: Kernel) => void;
  readonly onEvent?: (k: Kernel, event: number) => void;
  /** Called with the workload's World once it is set up (explain attaches to it). */
  readonly onWorld?: (k: Kernel, w: World) => void;
  /** Setup tasks are done; the explored ones start now. */
  readonly onSetupDone?: (k: Kernel) => void;
  /** Properties to check (default: the model's). */
  readonly properties?: readonly PropertySpec[];
  /** Keep a state fingerprint for the visited-state cache. */
  readonly fingerprint?: FingerprintMode;
  /**
   * Reuse one folio table and one set of per-CPU batches across executions, emptied at each boot,
   * instead of allocating their arrays each time. Only for callers that keep no kernel past its
   * execution.
   */
  readonly reuse?: boolean;
}

const FOLIO_SLOTS = 64;
/** Cap on __gup_longterm_locked iterations: reaching it is a livelock. */
const GUP_RETRY_CAP = 8;

export class CheckSubject implements Subject {
  private readonly target: CheckTarget;
  private readonly listener: (o: Outcome) => void;
  private readonly opts: CheckSubjectOptions;
  /** The running execution's state fingerprint (--state-cache). */
  private current: StateFingerprint | null = null;
  /** With `reuse`: the one table every execution boots on. */
  private folios: FolioTable | null = null;
  /** With `reuse`: the batches of the previous execution's kernel. */
  private batches: readonly FolioBatch[][] | null = null;
  /** The same for every execution (the kernel only reads them): made once. */
  private readonly costs: CostModel;
  private readonly zones: ZoneLayout;

  constructor(target: CheckTarget, listener: (o: Outcome) => void, opts: CheckSubjectOptions = {}) {
    this.target = target;
    this.listener = listener;
    this.opts = opts;
    this.costs = costModelWith({ ...target.small.scenario.costs, jitter: 0 });
    this.zones = zoneLayout(target.small.scenario.machine);
  }

  start(strategy: Strategy): Run {
    const { small, config, size } = this.target;
    const s = small.scenario;
    const fp = this.opts.fingerprint;
    let tap: StateFingerprint | null = null;
    const tapped = fp === "reads" ? new ChoiceTap(strategy, (v) => tap?.chose(v)) : strategy;
    const engine = new Engine(size.cpus, tapped);
    const k = bootKernel(
      engine,
      config,
      this.costs,
      this.zones,
      1,
      FOLIO_SLOTS,
      this.folioTable(),
      this.batchRows(),
    );
    if (this.opts.reuse === true) this.batches = k.batches;
    k.gupOuterRetryCap = GUP_RETRY_CAP;
    this.opts.onBoot?.(k);
    const tasks = new ExploredTasks(k);
    const world = setUpWorkload(k, tasks.spawn, s, 1, "enumerated");
    this.opts.onWorld?.(k, world);
    const pins = new PinView(world);
    this.current = fp === undefined ? null : new StateFingerprint(k, pins, fp, world);
    tap = this.current;
    const props = this.opts.properties ?? this.target.properties;
    return new CheckRun(k, tasks, pins, props, this.listener, this.opts, this.current);
  }

  /** With `reuse`, the one table, emptied (the previous execution is over when start() runs). */
  private folioTable(): FolioTable | undefined {
    if (this.opts.reuse !== true) return undefined;
    if (this.folios === null) this.folios = new FolioTable(FOLIO_SLOTS);
    else this.folios.reset();
    return this.folios;
  }

  /** With `reuse`, the previous kernel's batches, emptied (undefined at the first execution). */
  private batchRows(): readonly FolioBatch[][] | undefined {
    if (this.batches === null) return undefined;
    for (const row of this.batches) for (const b of row) b.reset();
    return this.batches;
  }

  /** The fingerprint of the running execution's state. */
  fingerprint(): string | null {
    return this.current?.fingerprint() ?? null;
  }
}

/**
 * The workload's tasks. Those set up before exploration starts wait until the kworkers have taken
 * their first step (the kernel's boot, which is not explored); tasks started later (operations in
 * flight) start at once.
 */
class ExploredTasks {
  private readonly k: Kernel;
  private started = false;
  private readonly deferred: (() => void)[] = [];
  readonly explored: Task[] = [];

  constructor(k: Kernel) {
    this.k = k;
  }

  readonly spawn: SpawnFn = (comm, cpu, mm, body) => {
    const start = () => {
      const kt = this.k.newTask(comm, cpu, mm);
      this.explored.push(this.k.engine.spawn(comm, cpu, body(this.k, kt), kt));
    };
    if (this.started) start();
    else this.deferred.push(start);
  };

  /** Setup is over: start the explored tasks. */
  startExplored(): void {
    this.started = true;
    for (const start of this.deferred) start();
    this.deferred.length = 0;
  }
}

class CheckRun implements Run {
  readonly engine: Engine;
  private readonly k: Kernel;
  private readonly tasks: ExploredTasks;
  private readonly checker: PropertyChecker;
  private readonly listener: (o: Outcome) => void;
  private readonly opts: CheckSubjectOptions;
  private lastEvent = -1;
  private setupDone = false;
  private readonly fp: StateFingerprint | null;

  constructor(
    k: Kernel,
    tasks: ExploredTasks,
    pins: PinView,
    props: readonly PropertySpec[],
    listener: (o: Outcome) => void,
    opts: CheckSubjectOptions,
    fp: StateFingerprint | null,
  ) {
    this.fp = fp;
    this.engine = k.engine;
    this.k = k;
    this.tasks = tasks;
    this.checker = new PropertyChecker(k, pins, props);
    this.listener = listener;
    this.opts = opts;
  }

  inSetup(): boolean {
    if (this.setupDone) return false;
    if (this.engine.tasks.some((t) => this.engine.canStep(t))) return true;
    this.setupDone = true;
    this.opts.onSetupDone?.(this.k);
    this.tasks.startExplored();
    return false;
  }

  beforeEvent(task: number): void {
    this.fp?.beforeEvent(task);
  }

  afterEvent(event: number, replayed: boolean): boolean {
    this.lastEvent = event;
    this.fp?.afterEvent();
    const ok = this.checker.afterEvent(event, replayed);
    this.opts.onEvent?.(this.k, event);
    return ok && !(this.opts.stopAt !== undefined && this.checker.violated(this.opts.stopAt));
  }

  failed(error: unknown, event: number): void {
    this.lastEvent = event;
    this.checker.failed(error, event);
    this.opts.onEvent?.(this.k, event);
  }

  end(reason: EndReason, decisions: readonly number[]): void {
    const last = this.lastEvent;
    if (reason === "done")
      this.checker.atEnd(
        last,
        this.tasks.explored.map((t) => ({ name: t.name, state: t.state })),
      );
    if (reason === "too-long") this.checker.tooLong(last);
    this.listener({ reason, decisions, violations: this.checker.violations, events: last + 1 });
  }
}
