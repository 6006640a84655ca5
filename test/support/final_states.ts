// The final states an exploration of a check target reaches: the state fingerprint of every
// execution that ran to its end, with the properties it violated. DPOR must reach exactly the
// set exhaustive DFS reaches; tests compare the two.

import { CheckSubject } from "../../src/check/execution.ts";
import { MAX_EVENTS } from "../../src/check/replay.ts";
import type { CheckTarget } from "../../src/check/target.ts";
import type { TimerPolicy } from "../../src/engine/explore/executor.ts";
import { explore } from "../../src/engine/explore/explore.ts";

export interface FinalStates {
  readonly seen: ReadonlySet<string>;
  readonly complete: boolean;
  readonly executions: number;
}

export function finalStates(
  target: CheckTarget,
  strategy: "dfs" | "dpor",
  timers: TimerPolicy,
  maxExecutions: number,
): FinalStates {
  const seen = new Set<string>();
  const subject: CheckSubject = new CheckSubject(
    target,
    (o) => {
      if (o.reason === "done")
        seen.add(`${subject.fingerprint()} ${o.violations.map((v) => v.property).join(",")}`);
    },
    { fingerprint: "steps" },
  );
  const stats = explore(subject, {
    strategy,
    sleepSets: strategy === "dpor",
    timers,
    maxPreemptions: Number.POSITIVE_INFINITY,
    budget: { maxExecutions },
    seed: 1,
    pctDepth: 3,
    maxEvents: MAX_EVENTS,
  });
  return { seen, complete: stats.complete, executions: stats.executions };
}
