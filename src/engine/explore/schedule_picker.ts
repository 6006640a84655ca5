// Replays a recorded schedule. Exact: every decision must be possible where it comes (a replay
// token). Lenient (for shrinking): decisions that do not fit are dropped, and once the list runs
// out the last task continues if it can, else the lowest-numbered enabled transition runs.

import type { DecisionPoint } from "./execution.ts";
import type { Picker } from "./executor.ts";
import { choiceValue, isChoiceDecision } from "./transition.ts";

export class ReplayMismatchError extends Error {}

export class SchedulePicker implements Picker {
  private readonly decisions: readonly number[];
  private readonly lenient: boolean;
  private next = 0;

  constructor(decisions: readonly number[], lenient: boolean) {
    this.decisions = decisions;
    this.lenient = lenient;
  }

  pick(p: DecisionPoint): number {
    while (this.next < this.decisions.length) {
      const d = this.decisions[this.next++]!;
      if (!isChoiceDecision(d) && p.enabled.includes(d)) return d;
      if (!this.lenient)
        throw new ReplayMismatchError(
          `decision ${this.next - 1} (${d}) is not possible here; enabled: ${p.enabled.join(" ")}`,
        );
    }
    if (!this.lenient)
      throw new ReplayMismatchError(`the schedule ended at decision ${p.index} before the execution did`);
    return defaultPick(p);
  }

  choose(p: DecisionPoint): number {
    const d = this.decisions[this.next];
    if (d !== undefined && isChoiceDecision(d) && choiceValue(d) < p.choices) {
      this.next++;
      return choiceValue(d);
    }
    if (!this.lenient)
      throw new ReplayMismatchError(`decision ${this.next} is not a choice in [0, ${p.choices})`);
    return 0;
  }
}

/** The last task continues if it can (no preemption); otherwise the lowest transition. */
export function defaultPick(p: DecisionPoint): number {
  if (p.lastEnabled && p.enabled.includes(2 * p.lastTask)) return 2 * p.lastTask;
  return p.enabled[0]!;
}
