// Runs one execution of a Subject under a Picker: computes the enabled transitions, asks the
// picker where there is a choice, fires timers by the time policy, and records every event with
// its footprint. The engine is driven directly (stepTask / expireTimer); its run() is not used.

import type { Engine } from "../engine.ts";
import type { Strategy } from "../strategy.ts";
import { TASK_SLEEPING, TASK_WAITING, type Task } from "../task.ts";
import {
  type DecisionPoint,
  type EventRecord,
  type Execution,
  isPreemption,
  PICK_STATE_HIT,
} from "./execution.ts";
import { cpuKey } from "./footprint.ts";
import type { EndReason, Run, Subject } from "./subject.ts";
import { choiceDecision, isTimer, stepOf, taskOf, timerOf } from "./transition.ts";

/**
 * "idle": a timer (sleep end or wait timeout) fires only when nothing else can run, earliest
 * deadline first. "sleeps-any-time": a sleep may also end at any moment (a decision); wait
 * timeouts still fire only when idle.
 */
export type TimerPolicy = "idle" | "sleeps-any-time";

export interface Picker {
  /** A transition from p.enabled, or -1 to end the execution (everything enabled is asleep). */
  pick(p: DecisionPoint): number;
  /** A value in [0, n) for the choose() decision p. */
  choose(p: DecisionPoint, label: string): number;
  /** Called after each recorded event. */
  event?(e: EventRecord, index: number): void;
}

export interface ExecutorOptions {
  readonly timers: TimerPolicy;
  /** Record footprints (DPOR, sleep sets); random and PCT do without. */
  readonly footprints: boolean;
  readonly maxEvents: number;
  /** Call Run.beforeEvent (the visited-state cache's history fingerprints). */
  readonly beforeEvents?: boolean;
}

interface PendingTimer {
  at_ns: number;
  token: number;
}

/** The engine-facing strategy of an exploration: it only remembers timers and forwards choose(). */
class ExploreStrategy implements Strategy {
  readonly timers: (PendingTimer | undefined)[] = [];
  onChoose: (n: number, label: string) => number = () => 0;
  attach(_engine: Engine): void {}
  cpuReady(_cpu: number, _at_ns: number): void {}
  timer(task: Task, at_ns: number, token: number): void {
    this.timers[task.id] = { at_ns, token };
  }
  choose(n: number, label: string): number {
    return this.onChoose(n, label);
  }
  run(): void {
    throw new Error("an exploration is driven by its executor, not by engine.run()");
  }
}

export class Executor {
  readonly subject: Subject;
  readonly options: ExecutorOptions;
  /** Events executed over all executions (setup excluded). */
  eventsExecuted = 0;

  constructor(subject: Subject, options: ExecutorOptions) {
    this.subject = subject;
    this.options = options;
  }

  /**
   * One execution. `reuse`: the previous execution and how many of its leading events this one
   * replays — their records are reused instead of rebuilt (checked to be the same transitions).
   */
  run(picker: Picker, reuse?: { readonly events: readonly EventRecord[]; readonly upTo: number }): Execution {
    return new OneExecution(this, picker, reuse).run();
  }
}

/** Replaying the same decisions must give the same events: anything else is nondeterminism. */
export class NondeterminismError extends Error {}

class OneExecution {
  private readonly ex: Executor;
  private readonly picker: Picker;
  private readonly strategy = new ExploreStrategy();
  private readonly run_: Run;
  private readonly engine: Engine;
  private readonly exec: Execution = {
    events: [],
    decisions: [],
    points: [],
    reason: "done",
    preemptions: 0,
    nTasks: 0,
  };
  private readonly wakers: number[] = [];
  private lastTask = -1;
  private eventHadChoice = false;
  /**
   * The enabled transitions, enabled[0..n) with n from computeEnabled(): written in place, never
   * shortened (setting the length on every event took a tenth of the executor's time).
   */
  private readonly enabled: number[] = [];
  private readonly reuse: { readonly events: readonly EventRecord[]; readonly upTo: number } | undefined;
  /**
   * Events below this index replay the previous execution's (checked in record()): their records,
   * footprints included, are reused, so the engine records no accesses for them, unless the
   * visited-state cache's fingerprint reads them (beforeEvents).
   */
  private readonly replayed: number;

  constructor(
    ex: Executor,
    picker: Picker,
    reuse?: { readonly events: readonly EventRecord[]; readonly upTo: number },
  ) {
    this.ex = ex;
    this.picker = picker;
    this.reuse = reuse;
    this.replayed = reuse?.upTo ?? 0;
    this.strategy.onChoose = (n, label) => this.onChoose(n, label);
    this.run_ = ex.subject.start(this.strategy);
    this.engine = this.run_.engine;
    this.engine.onWake = (t) => {
      this.wakers[t.id] = this.exec.events.length;
    };
  }

  run(): Execution {
    this.setup();
    this.exec.reason = this.loop();
    this.exec.nTasks = this.engine.tasks.length;
    this.run_.end(this.exec.reason, this.exec.decisions);
    return this.exec;
  }

  private setup(): void {
    while (this.run_.inSetup()) {
      const t = this.engine.tasks.find((x) => this.engine.canStep(x));
      if (t !== undefined) this.engine.stepTask(t);
      else if (!this.fireIdleTimer(false)) return;
    }
    this.wakers.length = 0;
    this.engine.recordAccess = this.ex.options.footprints;
  }

  private loop(): EndReason {
    const maxEvents = this.ex.options.maxEvents;
    for (;;) {
      if (this.exec.events.length >= maxEvents) return "too-long";
      const n = this.computeEnabled();
      let transition: number;
      let decision = -1;
      if (n === 0) {
        if (!this.fireIdleTimer(true)) return "done";
        if (!this.afterEvent()) return "stopped";
        continue;
      }
      if (n === 1) transition = this.enabled[0]!;
      else {
        decision = this.exec.decisions.length;
        const enabled: number[] = [];
        for (let i = 0; i < n; i++) enabled.push(this.enabled[i]!);
        const p = this.point(enabled, 0);
        transition = this.picker.pick(p);
        if (transition < 0) return transition === PICK_STATE_HIT ? "state-hit" : "sleep-blocked";
        if (isPreemption(p, transition)) this.exec.preemptions++;
        this.exec.decisions.push(transition);
        this.exec.points.push(p);
      }
      if (!this.execute(transition, decision, false)) return "error";
      if (!this.afterEvent()) return "stopped";
    }
  }

  private afterEvent(): boolean {
    const i = this.exec.events.length - 1;
    this.picker.event?.(this.exec.events[i]!, i);
    return this.run_.afterEvent(i, i < this.replayed);
  }

  private point(enabled: readonly number[], choices: number): DecisionPoint {
    const last = this.lastTask;
    const lastEnabled = last >= 0 && this.engine.canStep(this.engine.tasks[last]!);
    return {
      index: this.exec.decisions.length,
      enabled,
      choices,
      lastTask: last,
      lastEnabled,
      preemptions: this.exec.preemptions,
      eventIndex: this.exec.events.length,
    };
  }

  private onChoose(n: number, label: string): number {
    const p = this.point([], n);
    const v = this.picker.choose(p, label);
    this.exec.decisions.push(choiceDecision(v));
    this.exec.points.push(p);
    this.eventHadChoice = true;
    return v;
  }

  /** Fills enabled[0..n) and returns n. */
  private computeEnabled(): number {
    const anyTime = this.ex.options.timers === "sleeps-any-time";
    const tasks = this.engine.tasks;
    let n = 0;
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i]!;
      if (this.engine.canStep(t)) this.setEnabled(n++, stepOf(t.id));
      else if (anyTime && t.state === TASK_SLEEPING && this.timerLive(t)) this.setEnabled(n++, timerOf(t.id));
    }
    return n;
  }

  private setEnabled(i: number, transition: number): void {
    if (i < this.enabled.length) this.enabled[i] = transition;
    else this.enabled.push(transition);
  }

  private timerLive(t: Task): boolean {
    const p = this.strategy.timers[t.id];
    return (
      p !== undefined && p.token === t.timerToken && (t.state === TASK_SLEEPING || t.state === TASK_WAITING)
    );
  }

  /** Fires the earliest live timer (ties: lowest task id); false if there is none. */
  private fireIdleTimer(record: boolean): boolean {
    let best: Task | null = null;
    for (const t of this.engine.tasks) {
      if (!this.timerLive(t)) continue;
      if (best === null || this.strategy.timers[t.id]!.at_ns < this.strategy.timers[best.id]!.at_ns) best = t;
    }
    if (best === null) return false;
    const at = this.strategy.timers[best.id]!.at_ns;
    if (at > this.engine.now_ns) this.engine.now_ns = at;
    if (!record) {
      this.engine.expireTimer(best);
      return true;
    }
    return this.execute(timerOf(best.id), -1, true);
  }

  /** Executes one transition and records it; false if the step threw. */
  private execute(transition: number, decision: number, barrier: boolean): boolean {
    const engine = this.engine;
    const task = engine.tasks[taskOf(transition)]!;
    const index = this.exec.events.length;
    const waker = this.wakers[task.id] ?? -1;
    this.wakers[task.id] = -1;
    this.eventHadChoice = false;
    if (this.ex.options.beforeEvents) this.run_.beforeEvent?.(task.id);
    else if (this.ex.options.footprints) engine.recordAccess = index >= this.replayed;
    let threw: unknown = null;
    try {
      if (isTimer(transition)) engine.expireTimer(task);
      else engine.stepTask(task);
    } catch (e) {
      threw = e ?? new Error("a step threw a nullish value");
    }
    this.ex.eventsExecuted++;
    this.exec.events.push(this.record(index, transition, task, waker, barrier, decision));
    if (!isTimer(transition)) this.lastTask = task.id;
    if (threw !== null) {
      this.run_.failed(threw, index);
      return false;
    }
    return true;
  }

  private record(
    index: number,
    transition: number,
    task: Task,
    waker: number,
    barrier: boolean,
    decision: number,
  ): EventRecord {
    const r = this.reuse;
    if (r !== undefined && index < r.upTo) {
      const old = r.events[index]!;
      if (old.transition !== transition || old.waker !== waker || old.decision !== decision) {
        throw new NondeterminismError(
          `event ${index} replayed as transition ${transition}, was ${old.transition}: the subject is not deterministic`,
        );
      }
      return old;
    }
    return {
      transition,
      task: task.id,
      footprint: this.footprint(task, transition),
      waker,
      barrier,
      wildcard: this.eventHadChoice,
      decision,
    };
  }

  private footprint(task: Task, transition: number): number[] {
    if (!this.ex.options.footprints) return [];
    // Copied by a loop: 3-6x faster than slice() then push() or concat() on these short arrays.
    const accessed = this.engine.footprint;
    const fp: number[] = [];
    for (let i = 0; i < accessed.length; i++) fp.push(accessed[i]!);
    if (isTimer(transition)) return fp;
    // The CPU is shared by its tasks: a step that ends without a preemption point owns it.
    fp.push(this.engine.cpuPreemptible(task.cpu) ? cpuKey(task.cpu) : -cpuKey(task.cpu) - 1);
    return fp;
  }
}
