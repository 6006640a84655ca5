import { describe, expect, it } from "vitest";
import type { Outcome } from "./execution.ts";
import { VerdictTally } from "./verdict.ts";

function outcome(reason: Outcome["reason"], failing: string[]): Outcome {
  return {
    reason,
    decisions: [],
    events: 1,
    violations: failing.map((property) => ({ property, event: 0, message: "" })),
  };
}

describe("verdicts", () => {
  it("says Never, Sometimes and Always in herd7's sense", () => {
    const t = new VerdictTally([
      { id: "a", description: "" },
      { id: "b", description: "" },
      { id: "c", description: "" },
    ]);
    t.add(outcome("done", ["b", "c"]));
    t.add(outcome("stopped", ["c"]));
    t.add(outcome("done", []));
    const v = Object.fromEntries(t.verdicts().map((x) => [x.id, x.verdict]));
    expect(v).toEqual({ a: "Never", b: "Sometimes", c: "Sometimes" });
    t.add(outcome("sleep-blocked", [])); // pruned: not an execution of its own
    const u = new VerdictTally([{ id: "c", description: "" }]);
    u.add(outcome("done", ["c"]));
    u.add(outcome("sleep-blocked", []));
    expect(u.verdicts()[0]!.verdict).toBe("Always");
  });
});
