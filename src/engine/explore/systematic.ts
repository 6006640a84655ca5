// Exhaustive exploration: DFS with sleep sets and a preemption bound, or source-set DPOR
// (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014) with sleep sets. Both are stateless: each
// execution starts from the initial state and replays the decisions above the node being varied.
// Either can prune at states explored before (a visited-state cache); DPOR then keeps subtree
// summaries to add the backtrack points the pruned events would have raced for (summary.ts).

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
import { addEvent, conflictsWith, KeyIds, mergeSummary, type Summary } from "./summary.ts";
import { isTimer, taskOf } from "./transition.ts";
import { newNode, nextAlternative, type TreeNode } from "./tree.ts";

/**
 * The visited-state cache stops taking new states here (pruning less, never unsoundly): about
 * 1.4 KB each with DPOR's summaries, so 0.7 GB at most.
 */
export const MAX_CACHED_STATES = 500_000;
const NO_SLEEPERS: number[] = [];

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
    const varied = Math.max(0, picker.nodes.length - 1);
    const exec = executor.run(picker, last === null ? undefined : { events: last.events, upTo: racesFrom });
    last = exec;
    account(stats, exec);
    if (opts.mode === "dpor") addBacktrackPoints(picker, exec, racesFrom, opts, stats);
    if (picker.summarised)
      picker.summarise(exec, varied, (node, t) => addSummaryBacktrack(node, t, opts, stats));
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
  /** DPOR with the cache: subtree summaries, per node of the current path and per finished state. */
  readonly summarised: boolean;
  private readonly nodeSummary: Summary[] = [];
  private readonly summaries = new Map<string, Summary>();
  private readonly keyIds = new KeyIds();
  /** The state the last execution was pruned at (a cache hit). */
  private hitKey: string | null = null;
  /** The cache was full: the state of the decision being taken is not in it. */
  private uncached = false;

  constructor(opts: SystematicOptions) {
    this.opts = opts;
    this.summarised = opts.mode === "dpor" && opts.fingerprint !== undefined;
  }

  /** Event index from which this execution differs from the last (races before it were handled). */
  variedEvent(): number {
    return this.nodes.length === 0 ? 0 : this.nodes[this.nodes.length - 1]!.point.eventIndex;
  }

  pick(p: DecisionPoint): number {
    if (p.index < this.nodes.length) return this.replay(p.index);
    const key = this.stateKey(p);
    this.hitKey = null;
    if (key !== null && this.cacheHit(key, p)) {
      this.hitKey = key;
      return PICK_STATE_HIT;
    }
    const cands = dfsCandidates(p, this.sleep, this.opts.maxPreemptions);
    if (cands.length === 0) {
      // No summary will cover what the sleepers did from here: do not cache it (DPOR).
      if (this.summarised && key !== null) this.seen.delete(key);
      return PICK_SLEEP_BLOCKED;
    }
    const chosen = cands[0]!;
    const node = newNode(p, chosen, this.sleep, this.opts.mode === "dfs" ? cands : [chosen]);
    node.key = this.uncached ? null : key;
    this.push(node);
    return chosen;
  }

  choose(p: DecisionPoint, _label: string): number {
    if (p.index < this.nodes.length) return this.replay(p.index);
    this.push(newNode(p, 0, this.sleep, []));
    return 0;
  }

  private push(node: TreeNode): void {
    if (this.summarised) this.nodeSummary[this.nodes.length] = new Map();
    this.nodes.push(node);
  }

  /**
   * After an execution (DPOR with the cache): its events from the varied node on go into the
   * summaries of the nodes they ran below; a hit adds the hit state's summary, and each path
   * decision that conflicts with a summarised transition gets it as a backtrack point.
   */
  summarise(exec: Execution, varied: number, backtrack: (node: TreeNode, t: number) => void): void {
    const nodes = this.nodes;
    for (let i = varied; i < nodes.length; i++) {
      const end = i + 1 < nodes.length ? nodes[i + 1]!.point.eventIndex : exec.events.length;
      const s = this.nodeSummary[i]!;
      for (let e = nodes[i]!.point.eventIndex; e < end; e++) addEvent(s, exec.events[e]!, this.keyIds);
    }
    if (exec.reason !== "state-hit" || this.hitKey === null || nodes.length === 0) return;
    const hit = this.summaries.get(this.hitKey);
    if (hit === undefined) return;
    mergeSummary(this.nodeSummary[nodes.length - 1]!, hit, this.keyIds);
    for (const node of nodes) {
      if (node.point.choices > 0) continue;
      const ev = exec.events[node.point.eventIndex]!;
      for (const [t, access] of hit)
        if (taskOf(t) !== ev.task && conflictsWith(ev, access, this.keyIds)) backtrack(node, t);
    }
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
    if (this.summarised) this.finish(d);
    this.nodes.length = d + 1;
    this.tracking = false;
    return true;
  }

  /** The nodes below d are explored: their summaries are final, and part of their parents'. */
  private finish(d: number): void {
    for (let i = this.nodes.length - 1; i > d; i--) {
      const s = this.nodeSummary[i]!;
      const key = this.nodes[i]!.key;
      if (key !== null) {
        const old = this.summaries.get(key);
        if (old === undefined) this.summaries.set(key, s);
        else mergeSummary(old, s, this.keyIds);
      }
      mergeSummary(this.nodeSummary[i - 1]!, s, this.keyIds);
    }
    this.nodeSummary.length = d + 1;
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
    this.uncached = false;
    if (old !== undefined && old.budget >= budget && old.sleep.every((t) => sleep.includes(t))) {
      if (!this.nodes.some((n) => n.key === key)) return true;
      return false;
    }
    if (old === undefined && this.seen.size >= MAX_CACHED_STATES) this.uncached = true;
    else this.seen.set(key, { sleep: sleep.length === 0 ? NO_SLEEPERS : sleep, budget });
    return false;
  }
}

/**
 * A summarised transition t conflicts with the event taken at `node`: explore t there first (or,
 * when t is not enabled there, every enabled transition, as Flanagan and Godefroid do).
 */
function addSummaryBacktrack(node: TreeNode, t: number, opts: SystematicOptions, stats: ExploreStats): void {
  const en = node.point.enabled;
  for (const u of en.includes(t) ? [t] : en) {
    if (node.backtrack.includes(u) || node.done.includes(u) || asleep(node.sleep, u)) continue;
    if (isPreemption(node.point, u) && node.point.preemptions >= opts.maxPreemptions) {
      stats.boundDropped++;
      continue;
    }
    node.backtrack.push(u);
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
