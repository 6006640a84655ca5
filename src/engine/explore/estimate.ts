// How big is an exhaustive DFS? Knuth's estimator (1975): walk from the root to a leaf choosing
// a child uniformly; the product of the branching factors is an unbiased estimate of the number
// of leaves (executions). Scheduling trees are combs — at most decisions one choice ends the
// execution soon and the other goes on — and on combs the plain estimator's tail is hopeless
// (a 153-leaf tree has walks of probability 2^-29). So each walk looks one decision ahead: every
// child is run to its next decision, the children that are leaves there are counted exactly, and
// the walk continues into a uniformly chosen non-leaf child:
//   E(node) = leaves(node) + inner(node) * E(random inner child)
// which is still unbiased, and exact on a comb. A child's sleep set holds its earlier siblings;
// their footprints come from the same look-ahead runs.

import { Prng } from "../prng.ts";
import { type DecisionPoint, type EventRecord, PICK_SLEEP_BLOCKED } from "./execution.ts";
import type { Executor, Picker } from "./executor.ts";
import { type Sleeper, sleepAfter } from "./sleep_set.ts";
import { dfsCandidates } from "./systematic.ts";
import { choiceDecision, choiceValue } from "./transition.ts";

export interface EstimateOptions {
  readonly probes: number;
  readonly seed: number;
  readonly maxPreemptions: number;
  readonly sleepSets: boolean;
  /** Stop probing early (the CLI's time budget). */
  readonly timeUp?: () => boolean;
}

export interface Estimate {
  /** Mean over the walks: executions (pruned ones included) of an exhaustive DFS. */
  readonly executions: number;
  /** Standard error of that mean. */
  readonly stderr: number;
  readonly probes: number;
  /** Estimated events of those executions over their number (each replays from the start). */
  readonly eventsPerExecution: number;
  /** Events the walks executed (for the time prediction). */
  readonly probeEvents: number;
}

export function estimateDfs(executor: Executor, o: EstimateOptions): Estimate {
  const events0 = executor.eventsExecuted;
  const samples: number[] = [];
  let eventsSum = 0;
  for (let i = 0; i < o.probes && !(i > 0 && o.timeUp?.()); i++) {
    const r = new Walk(executor, o, new Prng(o.seed, 0xe57 + i)).run();
    samples.push(r.leaves);
    eventsSum += r.events;
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, samples.length - 1);
  return {
    executions: mean,
    stderr: Math.sqrt(variance / samples.length),
    probes: samples.length,
    eventsPerExecution:
      eventsSum /
      Math.max(
        1,
        samples.reduce((a, b) => a + b, 0),
      ),
    probeEvents: executor.eventsExecuted - events0,
  };
}

/** Where running a decision prefix stops: the next decision (or the end), and the events after the prefix. */
interface Reached {
  readonly point: DecisionPoint | null;
  readonly events: EventRecord[];
  readonly total: number;
}

/** A child of the current node, looked at one decision ahead. */
interface Child {
  readonly transition: number;
  readonly reached: Reached;
  /** Its sleep set at its next decision. */
  readonly sleep: Sleeper[];
  /** Its subtree was counted exactly (it is small): leaves and their events, else null. */
  readonly exact: Size | null;
}

/** A subtree's executions and the events they run in total. */
interface Size {
  readonly leaves: number;
  readonly events: number;
}

/** Subtrees with at most this many leaves are counted exactly during the look-ahead. */
const EXACT_LEAVES = 6;

class Walk {
  private readonly executor: Executor;
  private readonly o: EstimateOptions;
  private readonly prng: Prng;
  private readonly prefix: number[] = [];

  constructor(executor: Executor, o: EstimateOptions, prng: Prng) {
    this.executor = executor;
    this.o = o;
    this.prng = prng;
  }

  /** One walk's estimate of the leaves and of their events in total. */
  run(): Size {
    let here = runTo(this.executor, []);
    let sleep = this.advance([], here.events);
    let weight = 1;
    let leaves = 0;
    let events = 0;
    for (;;) {
      const p = here.point;
      if (p === null) return { leaves: leaves + weight, events: events + weight * here.total };
      if (p.choices > 0) {
        // choose() values: no look-ahead; a uniform pick, weighted by n.
        weight *= p.choices;
        this.prefix.push(choiceDecision(this.prng.nextInt(p.choices)));
        here = runTo(this.executor, this.prefix);
        sleep = this.advance([], here.events);
        continue;
      }
      const cands = dfsCandidates(p, sleep, this.o.maxPreemptions);
      if (cands.length === 0) return { leaves: leaves + weight, events: events + weight * here.total };
      const children = this.lookAhead(cands, sleep);
      const inner = children.filter((c) => c.exact === null);
      for (const c of children) {
        leaves += weight * (c.exact?.leaves ?? 0);
        events += weight * (c.exact?.events ?? 0);
      }
      if (inner.length === 0) return { leaves, events };
      const next = inner[this.prng.nextInt(inner.length)]!;
      weight *= inner.length;
      this.prefix.push(next.transition);
      here = next.reached;
      sleep = next.sleep;
    }
  }

  /** Runs every candidate to its next decision; earlier siblings go to sleep for later ones. */
  private lookAhead(cands: readonly number[], sleep: readonly Sleeper[]): Child[] {
    const out: Child[] = [];
    const asleep: Sleeper[] = [...sleep];
    for (const t of cands) {
      const reached = runTo(this.executor, [...this.prefix, t]);
      const childSleep = this.advance(asleep, reached.events);
      const exact = this.exactSize([...this.prefix, t], reached, childSleep, EXACT_LEAVES);
      out.push({ transition: t, reached, sleep: childSleep, exact });
      const first = reached.events[0];
      if (this.o.sleepSets && first !== undefined && !first.wildcard)
        asleep.push({ transition: t, footprint: first.footprint });
    }
    return out;
  }

  /** Leaves of the subtree at `prefix` (reached, with `sleep`) if at most `budget`, else null. */
  private exactSize(
    prefix: readonly number[],
    reached: Reached,
    sleep: readonly Sleeper[],
    budget: number,
  ): Size | null {
    const p = reached.point;
    if (p === null) return { leaves: 1, events: reached.total };
    if (p.choices > 0) return null;
    const cands = dfsCandidates(p, sleep, this.o.maxPreemptions);
    if (cands.length === 0) return { leaves: 1, events: reached.total };
    if (cands.length > budget) return null;
    let leaves = 0;
    let events = 0;
    const asleep: Sleeper[] = [...sleep];
    for (let i = 0; i < cands.length; i++) {
      const t = cands[i]!;
      const r = runTo(this.executor, [...prefix, t]);
      const n = this.exactSize(
        [...prefix, t],
        r,
        this.advance(asleep, r.events),
        budget - leaves - (cands.length - 1 - i),
      );
      if (n === null) return null;
      leaves += n.leaves;
      events += n.events;
      const first = r.events[0];
      if (this.o.sleepSets && first !== undefined && !first.wildcard)
        asleep.push({ transition: t, footprint: first.footprint });
    }
    return leaves <= budget ? { leaves, events } : null;
  }

  private advance(sleep: readonly Sleeper[], events: readonly EventRecord[]): Sleeper[] {
    if (!this.o.sleepSets) return [];
    let s = sleep.slice();
    for (const e of events) s = sleepAfter(s, e);
    return s;
  }
}

/** Runs `prefix` and stops at the next decision (or the end). */
function runTo(executor: Executor, prefix: readonly number[]): Reached {
  const events: EventRecord[] = [];
  let point: DecisionPoint | null = null;
  let collecting = prefix.length === 0;
  const replay = (p: DecisionPoint): number | null => {
    if (p.index < prefix.length) {
      if (p.index === prefix.length - 1) collecting = true;
      return prefix[p.index]!;
    }
    if (point === null) point = p;
    return null;
  };
  const picker: Picker = {
    pick: (p) => replay(p) ?? PICK_SLEEP_BLOCKED,
    choose: (p) => {
      const d = replay(p);
      return d === null ? 0 : choiceValue(d); // a new choice stops the walk after this event
    },
    event: (e) => {
      if (collecting && point === null) events.push(e);
    },
  };
  const exec = executor.run(picker);
  return { point, events, total: exec.events.length };
}
