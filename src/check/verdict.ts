// Verdicts in herd7's words: a property fails Never, Sometimes or Always over the explored
// executions (complete executions; violations found in pruned partial ones count as Sometimes).

import type { Outcome } from "./execution.ts";
import type { PropertyInfo } from "./properties.ts";

export type Verdict = "Never" | "Sometimes" | "Always";

export interface PropertyVerdict {
  readonly id: string;
  readonly description: string;
  /** Executions (complete or pruned) in which it failed. */
  readonly failed: number;
  readonly verdict: Verdict;
}

export class VerdictTally {
  private readonly props: readonly PropertyInfo[];
  private readonly failedComplete = new Map<string, number>();
  private readonly failedAny = new Map<string, number>();
  private complete = 0;

  constructor(props: readonly PropertyInfo[]) {
    this.props = props;
  }

  add(o: Outcome): void {
    const pruned = o.reason === "sleep-blocked" || o.reason === "state-hit";
    if (!pruned) this.complete++;
    for (const v of o.violations) {
      this.failedAny.set(v.property, (this.failedAny.get(v.property) ?? 0) + 1);
      if (!pruned) this.failedComplete.set(v.property, (this.failedComplete.get(v.property) ?? 0) + 1);
    }
  }

  verdicts(): PropertyVerdict[] {
    return this.props.map((p) => {
      const any = this.failedAny.get(p.id) ?? 0;
      const complete = this.failedComplete.get(p.id) ?? 0;
      const verdict: Verdict =
        any === 0 ? "Never" : this.complete > 0 && complete === this.complete ? "Always" : "Sometimes";
      return { id: p.id, description: p.description, failed: any, verdict };
    });
  }
}
