// Randomized exploration: uniform random scheduling, and PCT (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, ASPLOS 2010), which finds a bug of depth d with probability >= 1/(n k^(d-1)) per
// execution (n tasks, k steps). Every execution draws from its own PRNG stream of the seed.

import { Prng } from "../prng.ts";
import { type Budget, budgetStop } from "./budget.ts";
import type { DecisionPoint, EventRecord } from "./execution.ts";
import type { Executor, Picker } from "./executor.ts";
import { type ExploreStats, newStats } from "./stats.ts";
import { taskOf } from "./transition.ts";

export interface RandomOptions {
  readonly seed: number;
  readonly budget: Budget;
  /** PCT's bug depth d; absent for uniform random scheduling. */
  readonly pctDepth?: number;
  /** Index of the first execution (a range of a longer exploration); default 0. */
  readonly first?: number;
  /** What PCT has learnt so far, carried from one range to the next: read at the start, updated. */
  readonly state?: RandomState;
}

/** PCT's estimates of k (steps) and n (tasks), from the executions before. */
export interface RandomState {
  steps_k: number;
  tasks_n: number;
}

export function initialRandomState(): RandomState {
  return { steps_k: 64, tasks_n: 8 };
}

export function exploreRandom(executor: Executor, opts: RandomOptions): ExploreStats {
  const stats = newStats(opts.pctDepth === undefined ? "random" : "pct");
  const events0 = executor.eventsExecuted;
  const state = opts.state ?? initialRandomState();
  const first = opts.first ?? 0;
  for (let i = first; ; i++) {
    const stop = budgetStop(opts.budget, stats.executions);
    if (stop !== null) {
      stats.stoppedBy = stop;
      break;
    }
    const prng = new Prng(opts.seed, 0x5eed + i);
    const picker =
      opts.pctDepth === undefined
        ? new UniformPicker(prng)
        : new PctPicker(prng, opts.pctDepth, state.tasks_n, state.steps_k);
    const exec = executor.run(picker);
    stats.executions++;
    state.steps_k = Math.max(state.steps_k, exec.events.length); // PCT's k: the longest so far
    state.tasks_n = Math.max(1, exec.nTasks);
    stats.maxEvents = Math.max(stats.maxEvents, exec.events.length);
  }
  stats.events = executor.eventsExecuted - events0;
  return stats;
}

class UniformPicker implements Picker {
  private readonly prng: Prng;
  constructor(prng: Prng) {
    this.prng = prng;
  }
  pick(p: DecisionPoint): number {
    return p.enabled[this.prng.nextInt(p.enabled.length)]!;
  }
  choose(p: DecisionPoint): number {
    return this.prng.nextInt(p.choices);
  }
}

/** Highest priority runs; at d - 1 random change points the running task drops below all others. */
class PctPicker implements Picker {
  private readonly prng: Prng;
  private readonly priority: number[] = [];
  private readonly changeAt = new Map<number, number>();

  constructor(prng: Prng, depth: number, tasks: number, steps: number) {
    this.prng = prng;
    const order = Array.from({ length: tasks }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = prng.nextInt(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let r = 0; r < tasks; r++) this.priority[order[r]!] = depth + r;
    for (let c = 1; c < depth; c++) this.changeAt.set(prng.nextInt(steps), c);
  }

  pick(p: DecisionPoint): number {
    let best = p.enabled[0]!;
    for (const t of p.enabled) if (this.prio(taskOf(t)) > this.prio(taskOf(best))) best = t;
    return best;
  }

  choose(p: DecisionPoint): number {
    return this.prng.nextInt(p.choices);
  }

  event(e: EventRecord, index: number): void {
    const c = this.changeAt.get(index);
    if (c !== undefined) this.priority[e.task] = c; // below every initial priority (>= d)
  }

  private prio(task: number): number {
    // Tasks beyond the initial estimate get priorities above the others, in id order.
    return this.priority[task] ?? 1_000_000 + task;
  }
}
