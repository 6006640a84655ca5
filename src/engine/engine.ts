// The engine: tasks bound to CPUs, one task running per CPU, a per-CPU run queue, wait queues
// with timeouts, virtual time. It knows nothing of kernels. SimPy-small on purpose: all policy
// about *what runs next* lives in a Strategy.

import { cpuKey } from "./cpu_key.ts";
import { OP_BUSY, OP_MIGRATE, OP_SLEEP, OP_WAIT, type Op, type Proc, type Yielded } from "./op.ts";
import type { Strategy } from "./strategy.ts";
import { EngineTask, TASK_DEAD, TASK_RUNNING, TASK_SLEEPING, TASK_WAITING, type Task } from "./task.ts";
import type { WaitQueue } from "./wait_queue.ts";

/** %GeneratorPrototype%.next: every generator object's `next`. */
const generatorNext = (function* () {})().next;

interface Cpu {
  readonly id: number;
  current: Task | null;
  readonly runq: Task[];
  /** A cpuReady is pending with the strategy. */
  scheduled: boolean;
  /** The step that just ended allows a task switch. */
  preemptible: boolean;
}

/** Observer of executed steps: the event log, access footprints, invariant checks. */
export interface StepObserver {
  afterStep(engine: Engine, task: Task, yielded: Yielded | undefined): void;
}

export class Engine {
  now_ns = 0;
  stopped = false;
  readonly tasks: Task[] = [];
  /** tasks[i].body, by task id. */
  private readonly bodies: Proc<unknown>[] = [];
  private readonly cpus: Cpu[] = [];
  /** The task whose step is executing (the kernel's `current`). */
  current: Task | null = null;
  observers: StepObserver[] = [];
  /** Footprint of the executing step, filled only while `recordAccess` is set (for DPOR). */
  recordAccess = false;
  readonly footprint: number[] = [];
  stepsExecuted = 0;
  /** Exploration hook: a blocked or sleeping task became runnable during the current event. */
  onWake: ((task: Task) => void) | null = null;

  readonly nrCpus: number;
  readonly strategy: Strategy;

  constructor(nrCpus: number, strategy: Strategy) {
    this.nrCpus = nrCpus;
    this.strategy = strategy;
    for (let id = 0; id < nrCpus; id++) {
      this.cpus.push({ id, current: null, runq: [], scheduled: false, preemptible: true });
    }
    strategy.attach(this);
  }

  spawn(name: string, cpu: number, body: Proc<unknown>, data: unknown = null): Task {
    if (cpu < 0 || cpu >= this.nrCpus) throw new RangeError(`spawn ${name}: no CPU ${cpu}`);
    const task = new EngineTask(this.tasks.length, name, cpu, body, data);
    this.tasks.push(task);
    this.bodies.push(body);
    this.enqueue(task);
    return task;
  }

  run(): void {
    this.strategy.run();
  }

  stop(): void {
    this.stopped = true;
  }

  choose(n: number, label: string): number {
    return n <= 1 ? 0 : this.strategy.choose(n, label);
  }

  /** Records that the executing step read (write=false) or wrote `key`. */
  access(key: number, write: boolean): void {
    if (this.recordAccess) this.footprint.push(write ? -key - 1 : key);
  }

  /** Wakes every waiter of `q` (returns how many). */
  wakeAll(q: WaitQueue): number {
    if (this.recordAccess) this.footprint.push(-q.key - 1);
    let n = 0;
    while (q.waiters.length > 0) {
      this.wake(q.waiters[0]!, true);
      n++;
    }
    return n;
  }

  wakeOne(q: WaitQueue): boolean {
    if (this.recordAccess) this.footprint.push(-q.key - 1);
    if (q.waiters.length === 0) return false;
    this.wake(q.waiters[0]!, true);
    return true;
  }

  isIdle(cpu: number): boolean {
    const c = this.cpus[cpu]!;
    return c.current === null && c.runq.length === 0;
  }

  /** Tasks that can run on `cpu` now: the current one first, then the run queue. */
  runnableOn(cpu: number): number {
    const c = this.cpus[cpu]!;
    return (c.current && c.current.state === TASK_RUNNING ? 1 : 0) + c.runq.length;
  }

  /** Executes the next step on `cpu` (called by the strategy). */
  stepCpu(cpu: number): void {
    const c = this.cpus[cpu]!;
    c.scheduled = false;
    const task = this.pickTask(c);
    if (task === null) return;
    this.execute(c, task, task.body);
  }

  /** Task `id`'s timer is due (called by the strategy). */
  fireTimer(id: number, token: number): void {
    const task = this.tasks[id]!;
    // The generator from an array of its own, so that loading it need not wait for the task
    // object (both are usually cache misses in a run of many tasks).
    const body = this.bodies[id]!;
    if (task.timerToken !== token) return;
    if (task.state === TASK_SLEEPING) {
      const c = this.cpus[task.cpu]!;
      if (c.current === null && !c.scheduled && c.runq.length === 0) {
        // Fast path: the CPU is idle, so the woken task runs now; going through the strategy
        // would only schedule a cpuReady at this same instant.
        task.timerToken = token + 1;
        task.state = TASK_RUNNING;
        c.current = task;
        this.execute(c, task, body);
        return;
      }
      this.wake(task, undefined);
    } else if (task.state === TASK_WAITING) this.wake(task, false);
  }

  /** Exploration strategies: can `task` take a step now (runnable, and its CPU may switch to it)? */
  canStep(task: Task): boolean {
    if (task.state !== TASK_RUNNING) return false;
    const cur = this.cpus[task.cpu]!.current;
    return cur === null || cur === task || cur.state !== TASK_RUNNING || this.cpus[task.cpu]!.preemptible;
  }

  /** Exploration strategies: the task `cpu` last switched to (null when idle). */
  cpuCurrent(cpu: number): Task | null {
    return this.cpus[cpu]!.current;
  }

  /** Exploration strategies: false while `cpu`'s last step ended without a preemption point. */
  cpuPreemptible(cpu: number): boolean {
    return this.cpus[cpu]!.preemptible;
  }

  /** Exploration strategies: executes the next step of `task` (after canStep), switching its CPU to it. */
  stepTask(task: Task): void {
    const c = this.cpus[task.cpu]!;
    c.scheduled = false;
    if (c.current !== task) {
      const prev = c.current;
      if (prev !== null && prev.state === TASK_RUNNING) c.runq.push(prev);
      const i = c.runq.indexOf(task);
      if (i < 0) throw new Error(`stepTask: ${task.name} is not runnable`);
      c.runq.splice(i, 1);
      c.current = task;
    }
    this.execute(c, task, task.body);
  }

  /** Exploration strategies: `task`'s pending timer expires now, as its own event (no fast path). */
  expireTimer(task: Task): void {
    if (this.recordAccess) this.footprint.length = 0;
    if (task.state === TASK_SLEEPING) this.wake(task, undefined);
    else if (task.state === TASK_WAITING) this.wake(task, false);
  }

  private pickTask(c: Cpu): Task | null {
    let t = c.current;
    if (t !== null && t.state === TASK_RUNNING) {
      if (!(c.preemptible && c.runq.length > 0)) return t;
      c.runq.push(t);
    }
    t = c.runq.shift() ?? null;
    c.current = t;
    return t;
  }

  private execute(c: Cpu, task: Task, body: Proc<unknown>): void {
    this.current = task;
    if (this.recordAccess) this.footprint.length = 0;
    const resume = task.resume;
    if (resume !== undefined) task.resume = undefined;
    const next = task.next;
    // A known function is a direct call (and the resume inlined); others as they come.
    const r = next === generatorNext ? generatorNext.call(body, resume) : next.call(body, resume);
    this.current = null;
    task.steps++;
    this.stepsExecuted++;
    if (r.done) {
      this.exit(c, task);
      return;
    }
    const y = r.value;
    if (this.observers.length !== 0) this.notify(task, y);
    if (typeof y === "number") {
      c.preemptible = true;
      this.scheduleCpu(c, this.now_ns + y);
    } else if (y.kind === OP_SLEEP) {
      // The common op, here rather than in handleOp: one call less per sleep.
      task.state = TASK_SLEEPING;
      c.current = null;
      this.strategy.timer(task, this.now_ns + y.ns, ++task.timerToken);
      if (c.runq.length !== 0) this.kick(c, this.now_ns);
    } else this.handleOp(c, task, y);
  }

  private exit(c: Cpu, task: Task): void {
    task.state = TASK_DEAD;
    c.current = null;
    this.wakeAll(task.exited);
    this.notify(task, undefined);
    this.kick(c, this.now_ns);
  }

  private handleOp(c: Cpu, task: Task, op: Op): void {
    switch (op.kind) {
      case OP_SLEEP: // (execute takes sleeps itself)
        task.state = TASK_SLEEPING;
        c.current = null;
        this.strategy.timer(task, this.now_ns + op.ns, ++task.timerToken);
        this.kick(c, this.now_ns);
        return;
      case OP_BUSY:
        c.preemptible = false;
        this.scheduleCpu(c, this.now_ns + op.ns);
        return;
      case OP_WAIT:
        task.state = TASK_WAITING;
        task.queue = op.queue;
        if (this.recordAccess) this.footprint.push(-op.queue.key - 1);
        op.queue.waiters.push(task);
        c.current = null;
        if (op.timeout_ns !== Number.POSITIVE_INFINITY) {
          this.strategy.timer(task, this.now_ns + op.timeout_ns, ++task.timerToken);
        }
        this.kick(c, this.now_ns);
        return;
      case OP_MIGRATE:
        this.migrate(c, task, op.cpu);
        return;
    }
  }

  /** Moves `task` (whose step just ended on `c`) to the run queue of `cpu`. */
  private migrate(c: Cpu, task: Task, cpu: number): void {
    if (cpu < 0 || cpu >= this.nrCpus) throw new RangeError(`${task.name}: no CPU ${cpu}`);
    c.current = null;
    c.preemptible = true;
    task.cpu = cpu;
    // Both run queues change: dependent with every step on either CPU.
    if (this.recordAccess) this.footprint.push(-cpuKey(c.id) - 1, -cpuKey(cpu) - 1);
    this.enqueue(task);
    this.kick(c, this.now_ns);
  }

  private notify(task: Task, y: Yielded | undefined): void {
    const obs = this.observers;
    for (let i = 0; i < obs.length; i++) obs[i]!.afterStep(this, task, y);
  }

  private wake(task: Task, value: unknown): void {
    if (task.queue !== null) {
      if (this.recordAccess) this.footprint.push(-task.queue.key - 1);
      task.queue.remove(task);
      task.queue = null;
    }
    task.timerToken++;
    task.resume = value;
    this.enqueue(task);
    if (this.onWake !== null) this.onWake(task);
  }

  private enqueue(task: Task): void {
    task.state = TASK_RUNNING;
    const c = this.cpus[task.cpu]!;
    c.runq.push(task);
    this.kick(c, this.now_ns);
  }

  /** Makes sure an idle CPU with work gets a cpuReady. */
  private kick(c: Cpu, at_ns: number): void {
    if (c.scheduled) return;
    if (c.current !== null && c.current.state === TASK_RUNNING) return; // mid-step: its own cpuReady is due
    if (c.runq.length === 0) return;
    this.scheduleCpu(c, at_ns);
  }

  private scheduleCpu(c: Cpu, at_ns: number): void {
    c.scheduled = true;
    this.strategy.cpuReady(c.id, at_ns);
  }
}
