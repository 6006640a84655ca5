// One entry point for every exploration strategy.

import type { Budget } from "./budget.ts";
import { Executor, type TimerPolicy } from "./executor.ts";
import { exploreRandom, type RandomState } from "./random_walk.ts";
import type { ExploreStats, StrategyName } from "./stats.ts";
import type { Subject } from "./subject.ts";
import { exploreSystematic } from "./systematic.ts";

export interface ExploreOptions {
  readonly strategy: StrategyName;
  readonly timers: TimerPolicy;
  /** Infinity for none (dfs, dpor). */
  readonly maxPreemptions: number;
  readonly budget: Budget;
  readonly seed: number;
  /** PCT's depth d. */
  readonly pctDepth: number;
  /** Longest execution, in events, before it counts as a livelock. */
  readonly maxEvents: number;
  /** DFS only: sleep sets (default: on when unbounded, see docs/model-checking.md). */
  readonly sleepSets?: boolean;
  /** dfs and dpor: visited-state cache, a fingerprint of the state at each decision. */
  readonly fingerprint?: () => string | null;
  /** pct and random only: explore executions first.. (of a longer exploration), PCT's state carried. */
  readonly range?: { readonly first: number; readonly state: RandomState };
}

export function explore(subject: Subject, o: ExploreOptions): ExploreStats {
  const systematic = o.strategy === "dfs" || o.strategy === "dpor";
  const cache = systematic && o.fingerprint !== undefined;
  const executor = new Executor(subject, {
    timers: o.timers,
    footprints: systematic,
    maxEvents: o.maxEvents,
    beforeEvents: cache,
  });
  if (!systematic) {
    return exploreRandom(executor, {
      seed: o.seed,
      budget: o.budget,
      pctDepth: o.strategy === "pct" ? o.pctDepth : undefined,
      first: o.range?.first,
      state: o.range?.state,
    });
  }
  const sleepSets = o.sleepSets ?? (o.strategy === "dpor" || !Number.isFinite(o.maxPreemptions));
  return exploreSystematic(executor, {
    mode: o.strategy,
    sleepSets,
    maxPreemptions: o.maxPreemptions,
    budget: o.budget,
    fingerprint: o.fingerprint,
  });
}
