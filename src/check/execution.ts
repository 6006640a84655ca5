// The model checker's Subject: each execution boots a tiny kernel, builds the model, runs its
// setup tasks, and then lets the explorer interleave the model's tasks, checking the properties
// after every event.

import { Engine } from "../engine/engine.ts";
import type { EndReason, Run, Subject } from "../engine/explore/subject.ts";
import type { Strategy } from "../engine/strategy.ts";
import { TASK_DEAD, type Task } from "../engine/task.ts";
import { bootKernel } from "../kernel/boot.ts";
import { costModelWith } from "../kernel/cost_model.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { Mm } from "../kernel/mm.ts";
import type { PropertySpec } from "../scenarios/scenario.ts";
import { type FingerprintMode, StateFingerprint } from "./fingerprint.ts";
import type { ModelWorld, TaskBody } from "./models/model.ts";
import { PinLog } from "./models/pin_log.ts";
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
  /** Setup tasks are done; the explored ones start now. */
  readonly onSetupDone?: (k: Kernel) => void;
  /** Properties to check (default: the model's). */
  readonly properties?: readonly PropertySpec[];
  /** Keep a state fingerprint for the visited-state cache. */
  readonly fingerprint?: FingerprintMode;
}

const FOLIO_SLOTS = 16;

export class CheckSubject implements Subject {
  private readonly target: CheckTarget;
  private readonly listener: (o: Outcome) => void;
  private readonly opts: CheckSubjectOptions;
  /** The running execution's state fingerprint (--state-cache). */
  private current: StateFingerprint | null = null;

  constructor(target: CheckTarget, listener: (o: Outcome) => void, opts: CheckSubjectOptions = {}) {
    this.target = target;
    this.listener = listener;
    this.opts = opts;
  }

  start(strategy: Strategy): Run {
    const { model, config, size } = this.target;
    const engine = new Engine(size.cpus, strategy);
    const k = bootKernel(engine, config, costModelWith({ jitter: 0 }), model.zones, 1, FOLIO_SLOTS);
    k.gupOuterRetryCap = model.gupRetryCap;
    this.opts.onBoot?.(k);
    const world = new World(k, size);
    model.build(world);
    const fp = this.opts.fingerprint;
    this.current = fp === undefined ? null : new StateFingerprint(k, world.pins, fp);
    return new CheckRun(
      k,
      world,
      this.opts.properties ?? model.properties,
      this.listener,
      this.opts,
      this.current,
    );
  }

  /** The fingerprint of the running execution's state. */
  fingerprint(): string | null {
    return this.current?.fingerprint() ?? null;
  }
}

class World implements ModelWorld {
  readonly kernel: Kernel;
  readonly size: CheckTarget["size"];
  readonly pins = new PinLog();
  readonly setupTasks: Task[] = [];
  readonly deferred: { comm: string; cpu: number; mm: Mm | null; body: TaskBody }[] = [];
  readonly explored: Task[] = [];

  constructor(k: Kernel, size: CheckTarget["size"]) {
    this.kernel = k;
    this.size = size;
  }

  setupTask(comm: string, cpu: number, mm: Mm | null, body: TaskBody): void {
    this.setupTasks.push(this.spawn(comm, cpu, mm, body));
  }

  task(comm: string, cpu: number, mm: Mm | null, body: TaskBody): void {
    this.deferred.push({ comm, cpu, mm, body });
  }

  /** Setup is over: start the explored tasks. */
  startExplored(): void {
    for (const d of this.deferred) this.explored.push(this.spawn(d.comm, d.cpu, d.mm, d.body));
    this.deferred.length = 0;
  }

  private spawn(comm: string, cpu: number, mm: Mm | null, body: TaskBody): Task {
    const kt = this.kernel.newTask(comm, cpu, mm);
    return this.kernel.engine.spawn(comm, cpu, body(this.kernel, kt), kt);
  }
}

class CheckRun implements Run {
  readonly engine: Engine;
  private readonly k: Kernel;
  private readonly world: World;
  private readonly checker: PropertyChecker;
  private readonly listener: (o: Outcome) => void;
  private readonly opts: CheckSubjectOptions;
  private lastEvent = -1;
  private setupDone = false;
  private readonly fp: StateFingerprint | null;

  constructor(
    k: Kernel,
    world: World,
    props: CheckTarget["model"]["properties"],
    listener: (o: Outcome) => void,
    opts: CheckSubjectOptions,
    fp: StateFingerprint | null,
  ) {
    this.fp = fp;
    this.engine = k.engine;
    this.k = k;
    this.world = world;
    this.checker = new PropertyChecker(k, world.pins, props);
    this.listener = listener;
    this.opts = opts;
  }

  inSetup(): boolean {
    if (this.setupDone) return false;
    const busy =
      this.world.setupTasks.some((t) => t.state !== TASK_DEAD) ||
      this.engine.tasks.some((t) => this.engine.canStep(t));
    if (busy) return true;
    this.setupDone = true;
    this.opts.onSetupDone?.(this.k);
    this.world.startExplored();
    return false;
  }

  beforeEvent(task: number): void {
    this.fp?.beforeEvent(task);
  }

  afterEvent(event: number): boolean {
    this.lastEvent = event;
    const ok = this.checker.afterEvent(event);
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
        this.world.explored.map((t) => ({ name: t.name, state: t.state })),
      );
    if (reason === "too-long") this.checker.tooLong(last);
    this.listener({ reason, decisions, violations: this.checker.violations, events: last + 1 });
  }
}
