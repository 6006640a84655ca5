// Exhaustive exploration: DFS with sleep sets and a preemption bound, or source-set DPOR
// (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014) with sleep sets. Both are stateless: each
// execution starts from the initial state and replays the decisions above the node being varied.

import { type Budget, budgetStop } from "./budget.ts";
import {
  type DecisionPoint,
  type EventRecord,
  type Execution,
  isPreemption,
  PICK_SLEEP_BLOCKED,
  PICK_STATE_HIT,
} from "./execution.ts";
import type { Executor, Picker } from "./executor.ts";
import { HappensBefore, initials, type Race } from "./happens_before.ts";
import { asleep, type Sleeper, sleepAfter } from "./sleep_set.ts";
import { type ExploreStats, newStats } from "./stats.ts";
import { isTimer, taskOf } from "./transition.ts";
import { newNode, nextAlternative, type TreeNode } from "./tree.ts";

export interface SystematicOptions {
  readonly mode: "dfs" | "dpor";
  readonly sleepSets: boolean;
  /** Infinity for none. */
  readonly maxPreemptions: number;
  readonly budget: Budget;
  /** Visited-state cache: a fingerprint of the state at a decision, or null to skip. */
  readonly fingerprint?: () => string | null;
}

export function exploreSystematic(executor: Executor, opts: SystematicOptions): ExploreStats {
  const stats = newStats(opts.mode);
  const picker = new SystematicPicker(opts);
  const events0 = executor.eventsExecuted;
  let last: Execution | null = null;
  for (;;) {
    const stop = budgetStop(opts.budget, stats.executions + stats.pruned);
    if (stop !== null) {
      stats.stoppedBy = stop;
      stats.events = executor.eventsExecuted - events0;
      return stats;
    }
    const racesFrom = picker.variedEvent();
    const exec = executor.run(picker, last === null ? undefined : { events: last.events, upTo: racesFrom });
    last = exec;
    account(stats, exec);
    if (opts.mode === "dpor") addBacktrackPoints(picker, exec, racesFrom, opts, stats);
    if (!picker.backtrack(exec)) break;
  }
  stats.events = executor.eventsExecuted - events0;
  stats.complete = stats.boundDropped === 0;
  stats.stoppedBy = "exhausted";
  return stats;
}

function account(stats: ExploreStats, exec: Execution): void {
  if (exec.reason === "sleep-blocked" || exec.reason === "state-hit") stats.pruned++;
  else stats.executions++;
  if (exec.reason === "state-hit") stats.stateHits++;
  if (exec.events.length > stats.maxEvents) stats.maxEvents = exec.events.length;
}

/** What DFS explores at a decision, in its order: the last task first (no preemption), then by id. */
export function dfsCandidates(p: DecisionPoint, sleep: readonly Sleeper[], maxPreemptions: number): number[] {
  const out: number[] = [];
  for (const t of p.enabled) {
    if (asleep(sleep, t)) continue;
    if (isPreemption(p, t) && p.preemptions >= maxPreemptions) continue;
    out.push(t);
  }
  const preferred = p.lastTask >= 0 ? out.indexOf(2 * p.lastTask) : -1;
  if (preferred > 0) out.unshift(out.splice(preferred, 1)[0]!);
  return out;
}

class SystematicPicker implements Picker {
  readonly nodes: TreeNode[] = [];
  readonly hb = new HappensBefore();
  private readonly opts: SystematicOptions;
  private sleep: Sleeper[] = [];
  private tracking = true;
  private readonly seen = new Map<string, { sleep: number[]; budget: number }>();

  constructor(opts: SystematicOptions) {
    this.opts = opts;
  }

  /** Event index from which this execution differs from the last (races before it were handled). */
  variedEvent(): number {
    return this.nodes.length === 0 ? 0 : this.nodes[this.nodes.length - 1]!.point.eventIndex;
  }

  pick(p: DecisionPoint): number {
    if (p.index < this.nodes.length) return this.replay(p.index);
    const key = this.stateKey(p);
    if (key !== null && this.cacheHit(key, p)) return PICK_STATE_HIT;
    const cands = dfsCandidates(p, this.sleep, this.opts.maxPreemptions);
    if (cands.length === 0) return PICK_SLEEP_BLOCKED;
    const chosen = cands[0]!;
    const node = newNode(p, chosen, this.sleep, this.opts.mode === "dfs" ? cands : [chosen]);
    node.key = key;
    this.nodes.push(node);
    return chosen;
  }

  choose(p: DecisionPoint, _label: string): number {
    if (p.index < this.nodes.length) return this.replay(p.index);
    this.nodes.push(newNode(p, 0, this.sleep, []));
    return 0;
  }

  event(e: EventRecord): void {
    if (this.tracking && this.opts.sleepSets) this.sleep = sleepAfter(this.sleep, e);
  }

  /** Moves to the next alternative of the deepest node that has one; false when done. */
  backtrack(exec: Execution): boolean {
    const nodes = this.nodes;
    for (let d = nodes.length - 1; d >= 0; d--) {
      const node = nodes[d]!;
      if (node.point.choices > 0) {
        if (node.chosen + 1 < node.point.choices) {
          node.chosen++;
          return this.resume(d);
        }
        continue;
      }
      const ev = exec.events[node.point.eventIndex]!;
      node.done.push(node.chosen);
      if (this.opts.sleepSets && !ev.wildcard)
        node.explored.push({ transition: node.chosen, footprint: ev.footprint });
      const next = nextAlternative(node, (t) => asleep(node.sleep, t));
      if (next >= 0) {
        node.chosen = next;
        return this.resume(d);
      }
    }
    return false;
  }

  private resume(d: number): boolean {
    this.nodes.length = d + 1;
    this.tracking = false;
    return true;
  }

  private replay(index: number): number {
    const node = this.nodes[index]!;
    if (index === this.nodes.length - 1) {
      // The node being varied: sleep sets are tracked again from here.
      this.tracking = true;
      this.sleep = this.opts.sleepSets ? [...node.sleep, ...node.explored] : [];
    }
    return node.chosen;
  }

  /** The cache key of the state at decision p, or null (no cache, or no fingerprint here). */
  private stateKey(p: DecisionPoint): string | null {
    const fp = this.opts.fingerprint?.() ?? null;
    if (fp === null) return null;
    return Number.isFinite(this.opts.maxPreemptions) ? `${fp}/${p.lastTask}` : fp;
  }

  /**
   * Visited-state cache (Godefroid): prune if seen with a sleep set inside this one and no less
   * budget, unless the state is an ancestor on the current path — its subtree is still being
   * explored, and pruning there would hide a cycle (an execution that never ends: a livelock).
   */
  private cacheHit(key: string, p: DecisionPoint): boolean {
    const sleep = this.sleep.map((s) => s.transition);
    const budget = this.opts.maxPreemptions - p.preemptions;
    const old = this.seen.get(key);
    if (old !== undefined && old.budget >= budget && old.sleep.every((t) => sleep.includes(t))) {
      if (!this.nodes.some((n) => n.key === key)) return true;
      return false;
    }
    this.seen.set(key, { sleep, budget });
    return false;
  }
}

/** Source-DPOR: for each race, make sure some initial of the reversed order is explored. */
function addBacktrackPoints(
  picker: SystematicPicker,
  exec: Execution,
  racesFrom: number,
  opts: SystematicOptions,
  stats: ExploreStats,
): void {
  const hb = picker.hb;
  hb.analyse(exec.events, exec.nTasks, racesFrom);
  for (const race of hb.races) addForRace(picker.nodes, exec, hb, race, opts, stats);
}

function addForRace(
  nodes: TreeNode[],
  exec: Execution,
  hb: HappensBefore,
  race: Race,
  opts: SystematicOptions,
  stats: ExploreStats,
): void {
  const d = exec.events[race.first]!.decision;
  if (d < 0 || d >= nodes.length) return; // the first event had no alternative
  const node = nodes[d]!;
  const en = node.point.enabled;
  const init = initials(exec.events, hb, race).filter((t) => en.includes(t));
  if (init.length === 0) return;
  if (init.some((t) => node.backtrack.includes(t) || node.done.includes(t) || asleep(node.sleep, t))) return;
  const within = init.filter(
    (t) => !(isPreemption(node.point, t) && node.point.preemptions >= opts.maxPreemptions),
  );
  if (within.length === 0) {
    stats.boundDropped++;
    return;
  }
  const second = exec.events[race.second]!;
  const own = within.find((t) => taskOf(t) === second.task && isTimer(t) === isTimer(second.transition));
  node.backtrack.push(own ?? within[0]!);
}
