// The exploration tree of the systematic strategies: one node per decision of the current
// execution, with what is still to explore there. Stateless: an execution replays the chosen
// decisions of the nodes above the one being varied.

import type { DecisionPoint } from "./execution.ts";
import type { Sleeper } from "./sleep_set.ts";

export interface TreeNode {
  readonly point: DecisionPoint;
  /** The transition (or choose() value) taken in the current execution. */
  chosen: number;
  /** Sleep set inherited when the node was created. */
  readonly sleep: readonly Sleeper[];
  /** Siblings already explored, with their footprints: asleep for the later siblings. */
  readonly explored: Sleeper[];
  /** Transitions already explored here. */
  readonly done: number[];
  /** Transitions to explore here (DFS: all candidates; DPOR: added by race reversal). */
  readonly backtrack: number[];
  /** Visited-state cache key of the state at this decision (null: none). */
  key: string | null;
}

export function newNode(
  point: DecisionPoint,
  chosen: number,
  sleep: readonly Sleeper[],
  backtrack: number[],
): TreeNode {
  return { point, chosen, sleep, explored: [], done: [], backtrack, key: null };
}

/** The next transition to explore at `node`, or -1. */
export function nextAlternative(node: TreeNode, inSleep: (t: number) => boolean): number {
  for (const t of node.backtrack) if (!node.done.includes(t) && !inSleep(t)) return t;
  return -1;
}
