// A step observer that records what ran where and when: the engine's event log. Two runs are
// the same run exactly when their logs are equal.

import type { Engine, StepObserver } from "./engine.ts";
import type { Yielded } from "./op.ts";
import type { Task } from "./task.ts";

export class EventLog implements StepObserver {
  readonly lines: string[] = [];

  afterStep(engine: Engine, task: Task, y: Yielded | undefined): void {
    const what = y === undefined ? "exit" : typeof y === "number" ? `step ${y}` : `op ${y.kind}`;
    this.lines.push(`${engine.now_ns} cpu${task.cpu} ${task.name} ${what}`);
  }
}
