// The timed strategy: a discrete-event simulation by virtual time. Equal times run in the order
// they were scheduled (CalendarQueue's seq), so a seed fully determines the run.

import { CalendarQueue } from "./calendar_queue.ts";
import type { Engine } from "./engine.ts";
import { Prng } from "./prng.ts";
import type { Strategy } from "./strategy.ts";
import type { Task } from "./task.ts";

const CPU_EVENT = -1;

/** The run took more steps than it was allowed (TimedStrategy.max_steps). */
export class StepBudgetError extends Error {
  override readonly name = "StepBudgetError";
}

export class TimedStrategy implements Strategy {
  private engine!: Engine;
  private readonly heap = new CalendarQueue();
  private readonly choices: Prng;
  /** Stop once virtual time passes this. */
  until_ns = Number.POSITIVE_INFINITY;
  /** Throw StepBudgetError past this many executed steps: a run can never go on unbounded. */
  max_steps = Number.POSITIVE_INFINITY;
  /** Every choose() result, in order, so a run can be replayed or shown. */
  readonly chosen: number[] = [];

  constructor(seed: number) {
    this.choices = new Prng(seed, 0x63686f);
  }

  attach(engine: Engine): void {
    this.engine = engine;
  }

  cpuReady(cpu: number, at_ns: number): void {
    this.heap.push(at_ns, cpu, CPU_EVENT);
  }

  timer(task: Task, at_ns: number, token: number): void {
    this.heap.push(at_ns, -task.id - 1, token);
  }

  choose(n: number, _label: string): number {
    const c = this.choices.nextInt(n);
    this.chosen.push(c);
    return c;
  }

  run(): void {
    const e = this.engine;
    const heap = this.heap;
    while (!e.stopped) {
      const slot = heap.peek();
      if (slot < 0) break;
      const t = heap.timeAt(slot);
      if (t > this.until_ns) break;
      if (e.stepsExecuted > this.max_steps) throw new StepBudgetError(`more than ${this.max_steps} steps`);
      const payload = heap.payloadAt(slot);
      const token = heap.tokenAt(slot);
      heap.take(); // what this event schedules next re-arms in its place
      e.now_ns = t;
      if (token === CPU_EVENT) e.stepCpu(payload);
      else e.fireTimer(-payload - 1, token);
    }
  }
}
