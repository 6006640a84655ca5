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

export interface TallyWire {
  readonly complete: number;
  readonly failedAny: readonly (readonly [string, number])[];
  readonly failedComplete: readonly (readonly [string, number])[];
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

  /** The counts as plain JSON, to be added into another tally (a part of the same check). */
  toWire(): TallyWire {
    return {
      complete: this.complete,
      failedAny: [...this.failedAny],
      failedComplete: [...this.failedComplete],
    };
  }

  /** Adds the counts of another part of the same exploration. */
  addWire(w: TallyWire): void {
    this.complete += w.complete;
    for (const [id, n] of w.failedAny) this.failedAny.set(id, (this.failedAny.get(id) ?? 0) + n);
    for (const [id, n] of w.failedComplete)
      this.failedComplete.set(id, (this.failedComplete.get(id) ?? 0) + n);
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
