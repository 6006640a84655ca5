// A strategy decides what runs next. The engine tells it when a CPU can take its next step and
// when a timer is due; the strategy drives the engine by calling stepCpu / fireTimer.
// The timed strategy orders these by virtual time; exploration strategies (model checking)
// enumerate the orders instead.

import type { Engine } from "./engine.ts";
import type { Task } from "./task.ts";

export interface Strategy {
  attach(engine: Engine): void;
  /** CPU `cpu` can run its next step at `at_ns`. Never called twice for one pending step. */
  cpuReady(cpu: number, at_ns: number): void;
  /** Task `task` has a timer due at `at_ns`; ignore it unless `task.timerToken === token` then. */
  timer(task: Task, at_ns: number, token: number): void;
  /** Nondeterministic choice among `n` alternatives. */
  choose(n: number, label: string): number;
  /** Runs until the engine stops or nothing can happen. */
  run(): void;
}
