// Places call trees on per-CPU lanes. A CPU's slices are drawn as "the task running on it", but a
// task can block inside a function (flush_work in lru_add_drain_all, a wait queue) while another
// task runs on the same CPU and opens its own frames; their spans may then cross, and crossing
// slices on one Chrome thread track are invalid. So each CPU has lane 0 ("CPU n") plus overlap
// lanes as needed: a tree goes on the first lane whose previous tree has ended (greedy interval
// partitioning), so trees on one lane are disjoint (touching allowed) and, with each tree nested
// by construction, every lane's X slices nest properly.
// Point events (zero-duration slices, instants) go on the lane where their task's tree is open at
// that time, else on the first lane with no tree open, else lane 0: a zero-length slice nests
// inside or beside any interval, so any lane is valid; this choice only keeps them readable.

import type { CallTree } from "./slices.ts";

interface Lane {
  end_ns: number;
  /** Sorted by start; disjoint except for touching ends. */
  readonly trees: CallTree[];
}

export interface LaneMap {
  /** The CPU and lane a call tree (by key) is drawn on. */
  placeOfTree(key: number): { readonly cpu: number; readonly lane: number };
  pointLane(cpu: number, pid: number, t_ns: number): number;
  laneCount(cpu: number): number;
}

export function assignLanes(trees: readonly CallTree[]): LaneMap {
  const byCpu = new Map<number, Lane[]>();
  const placeByTree = new Map<number, { readonly cpu: number; readonly lane: number }>();
  const sorted = [...trees].sort((a, b) => a.start_ns - b.start_ns || b.end_ns - a.end_ns || a.key - b.key);
  for (const tree of sorted) {
    const lanes = byCpu.get(tree.cpu) ?? [];
    byCpu.set(tree.cpu, lanes);
    let lane = lanes.findIndex((l) => l.end_ns <= tree.start_ns);
    if (lane < 0) lane = lanes.push({ end_ns: tree.start_ns, trees: [] }) - 1;
    lanes[lane]!.end_ns = tree.end_ns;
    lanes[lane]!.trees.push(tree);
    placeByTree.set(tree.key, { cpu: tree.cpu, lane });
  }
  return {
    placeOfTree: (key) => placeByTree.get(key) ?? { cpu: 0, lane: 0 },
    pointLane: (cpu, pid, t_ns) => pointLaneOf(byCpu.get(cpu) ?? [], pid, t_ns),
    laneCount: (cpu) => Math.max(1, byCpu.get(cpu)?.length ?? 0),
  };
}

function pointLaneOf(lanes: readonly Lane[], pid: number, t_ns: number): number {
  const covering = lanes.map((lane) => treesCovering(lane.trees, t_ns));
  const own = covering.findIndex((trees) => trees.some((t) => t.pid === pid));
  if (own >= 0) return own;
  const free = covering.findIndex((trees) => trees.length === 0);
  return free >= 0 ? free : 0;
}

/** Trees of one lane whose [start, end] contains t. Going back from the last tree starting at or
 * before t, the first one ending before t proves every earlier one did too (lane trees are
 * disjoint), so the scan stops there. */
function treesCovering(trees: readonly CallTree[], t_ns: number): CallTree[] {
  let lo = 0;
  let hi = trees.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trees[mid]!.start_ns <= t_ns) lo = mid + 1;
    else hi = mid;
  }
  const found: CallTree[] = [];
  for (let i = lo - 1; i >= 0 && trees[i]!.end_ns >= t_ns; i--) found.push(trees[i]!);
  return found;
}
