// What an exploration reports about itself.

import type { StopReason } from "./budget.ts";

export type StrategyName = "dfs" | "dpor" | "pct" | "random";

export interface ExploreStats {
  readonly strategy: StrategyName;
  /** Executions run to their end (done, stopped at a violation, error, too long). */
  executions: number;
  /** Executions cut short because an equivalent one was explored (sleep set, state cache, bound). */
  pruned: number;
  /** Events executed, replayed prefixes included. */
  events: number;
  /** Everything within the bound was explored (systematic strategies only). */
  complete: boolean;
  stoppedBy: StopReason;
  /** DPOR backtrack points the preemption bound did not allow. */
  boundDropped: number;
  /** Visited-state cache hits (DFS with the cache on). */
  stateHits: number;
  /** Longest execution, in events. */
  maxEvents: number;
}

export function newStats(strategy: StrategyName): ExploreStats {
  return {
    strategy,
    executions: 0,
    pruned: 0,
    events: 0,
    complete: false,
    stoppedBy: "exhausted",
    boundDropped: 0,
    stateHits: 0,
    maxEvents: 0,
  };
}
