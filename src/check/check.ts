// `pinsim check`: explore a check model's executions with a strategy, evaluate the properties on
// each, give verdicts, and shrink the first violation of each property to a minimal counterexample
// with a replay token.

import type { TimerPolicy } from "../engine/explore/executor.ts";
import { explore } from "../engine/explore/explore.ts";
import { initialRandomState, type RandomState } from "../engine/explore/random_walk.ts";
import { type ExploreStats, newStats, type StrategyName } from "../engine/explore/stats.ts";
import type { PropertySpec } from "../scenarios/scenario.ts";
import { type Counterexample, describeSchedule } from "./counterexample.ts";
import { CheckSubject, type Outcome } from "./execution.ts";
import type { FingerprintMode } from "./fingerprint.ts";
import { ALWAYS_CHECKED, propertyInfo } from "./properties.ts";
import { MAX_EVENTS, violationAttempt } from "./replay.ts";
import { shrink } from "./shrink.ts";
import type { CheckTarget } from "./target.ts";
import { encodeReplayToken } from "./token.ts";
import { type PropertyVerdict, type TallyWire, VerdictTally } from "./verdict.ts";

export interface CheckRequest {
  readonly target: CheckTarget;
  readonly strategy: StrategyName;
  /** Infinity for none. */
  readonly maxPreemptions: number;
  readonly maxExecutions: number;
  readonly seed: number;
  readonly pctDepth: number;
  readonly timers: TimerPolicy;
  /** Properties to check besides the always-checked ones and the scenario's. */
  readonly properties?: readonly PropertySpec[];
  /** DFS only: sleep sets (default: on without a preemption bound). */
  readonly sleepSets?: boolean;
  /** dfs and dpor: the visited-state cache and its fingerprint (fingerprint.ts). */
  readonly stateCache?: FingerprintMode;
  /** The CLI's wall-clock budget, as a callback. */
  readonly timeUp?: () => boolean;
  /** Called once, when the first violation is found (the CLI notes the time). */
  readonly onFirstViolation?: () => void;
  /** Called after each execution with the count so far (the CLI's progress line). */
  readonly onExecution?: (executions: number) => void;
  readonly stopOnViolation?: boolean;
  readonly shrink?: boolean;
}

export interface CheckResult {
  /** The scenario's name. */
  readonly scenario: string;
  readonly kernel: string;
  readonly cpus: number;
  readonly folios: number;
  readonly repeats: number;
  readonly strategy: StrategyName;
  readonly maxPreemptions: number | null;
  readonly timers: TimerPolicy;
  readonly seed: number;
  readonly stats: ExploreStats;
  readonly properties: readonly PropertyVerdict[];
  /** The execution (1-based) in which the first violation was found. */
  readonly firstViolationExecution: number | null;
  readonly counterexamples: readonly Counterexample[];
  readonly violated: boolean;
}

export function runCheck(req: CheckRequest): CheckResult {
  return checkResult(req, checkPart(req));
}

/** Executions [first, first + count) of a pct or random check, and PCT's state before them. */
export interface CheckRange {
  readonly first: number;
  readonly count: number;
  readonly state: RandomState;
}

/** What a stretch of executions found: the pieces of a CheckResult that add up across stretches. */
export interface CheckPart {
  readonly stats: ExploreStats;
  readonly tally: TallyWire;
  /** The execution (1-based, within the part) of the part's first violation. */
  readonly firstViolation: number | null;
  /** In the order their properties were first violated. */
  readonly counterexamples: readonly Counterexample[];
  /** PCT's state after the part (pct and random only). */
  readonly state: RandomState | null;
}

/**
 * Explores the whole check, or one range of a randomized one. Properties in `known` were already
 * violated earlier in the exploration: their counterexamples are not built again.
 */
export function checkPart(req: CheckRequest, range?: CheckRange, known?: ReadonlySet<string>): CheckPart {
  const target = req.target;
  const props = [...target.properties, ...(req.properties ?? [])];
  const tally = new VerdictTally([...ALWAYS_CHECKED, ...props.map(propertyInfo)]);
  const found = new Map<string, Outcome>();
  let executions = 0;
  let first: number | null = null;
  const subject: CheckSubject = new CheckSubject(
    target,
    (o) => {
      executions++;
      req.onExecution?.(executions);
      tally.add(o);
      for (const v of o.violations)
        if (!found.has(v.property) && !known?.has(v.property))
          found.set(v.property, { ...o, decisions: o.decisions.slice() });
      if (first === null && o.violations.length > 0) {
        first = executions;
        req.onFirstViolation?.();
      }
    },
    { fingerprint: req.stateCache, properties: props, reuse: true },
  );
  const state = range === undefined ? initialRandomState() : { ...range.state };
  const stats = explore(subject, {
    strategy: req.strategy,
    timers: req.timers,
    maxPreemptions: req.maxPreemptions,
    budget: {
      maxExecutions: range?.count ?? req.maxExecutions,
      timeUp: req.timeUp,
      stop: req.stopOnViolation ? () => first !== null : undefined,
    },
    seed: req.seed,
    pctDepth: req.pctDepth,
    maxEvents: MAX_EVENTS,
    sleepSets: req.sleepSets,
    fingerprint: req.stateCache === undefined ? undefined : () => subject.fingerprint(),
    range: { first: range?.first ?? 0, state },
  });
  const counterexamples = [...found.entries()].map(([prop, o]) => counterexample(target, req, prop, o));
  const randomized = req.strategy === "pct" || req.strategy === "random";
  return {
    stats,
    tally: tally.toWire(),
    firstViolation: first,
    counterexamples,
    state: randomized ? state : null,
  };
}

/**
 * Consecutive parts of one exploration as one part. With stopOnViolation, parts past the first
 * that found a violation are dropped: run in one go, the exploration would have stopped there.
 */
export function mergeParts(
  strategy: StrategyName,
  parts: readonly CheckPart[],
  stop: { readonly onViolation: boolean; readonly maxExecutions: number },
): CheckPart {
  const cut = stop.onViolation ? parts.findIndex((p) => p.firstViolation !== null) : -1;
  const kept = cut === -1 ? parts : parts.slice(0, cut + 1);
  const merged = kept.length === 1 ? kept[0]! : joinParts(strategy, kept);
  // A part that ended on its own budget at the violation: in one go, the stop was the violation.
  if (
    cut !== -1 &&
    merged.stats.stoppedBy === "max-executions" &&
    merged.stats.executions < stop.maxExecutions
  )
    return { ...merged, stats: { ...merged.stats, stoppedBy: "requested" } };
  return merged;
}

function joinParts(strategy: StrategyName, kept: readonly CheckPart[]): CheckPart {
  const last = kept[kept.length - 1]!;
  const sum = (f: (s: ExploreStats) => number) => kept.reduce((n, p) => n + f(p.stats), 0);
  const stats: ExploreStats = {
    ...newStats(strategy),
    executions: sum((s) => s.executions),
    pruned: sum((s) => s.pruned),
    events: sum((s) => s.events),
    complete: last.stats.complete,
    stoppedBy: last.stats.stoppedBy,
    boundDropped: sum((s) => s.boundDropped),
    stateHits: sum((s) => s.stateHits),
    maxEvents: Math.max(...kept.map((p) => p.stats.maxEvents)),
  };
  const tally = {
    complete: 0,
    failedAny: new Map<string, number>(),
    failedComplete: new Map<string, number>(),
  };
  let before = 0;
  let firstViolation: number | null = null;
  const counterexamples = new Map<string, Counterexample>();
  for (const p of kept) {
    tally.complete += p.tally.complete;
    for (const [id, n] of p.tally.failedAny) tally.failedAny.set(id, (tally.failedAny.get(id) ?? 0) + n);
    for (const [id, n] of p.tally.failedComplete)
      tally.failedComplete.set(id, (tally.failedComplete.get(id) ?? 0) + n);
    if (firstViolation === null && p.firstViolation !== null) firstViolation = before + p.firstViolation;
    for (const c of p.counterexamples)
      if (!counterexamples.has(c.property)) counterexamples.set(c.property, c);
    before += p.stats.executions;
  }
  return {
    stats,
    tally: {
      complete: tally.complete,
      failedAny: [...tally.failedAny],
      failedComplete: [...tally.failedComplete],
    },
    firstViolation,
    counterexamples: [...counterexamples.values()],
    state: last.state,
  };
}

/** The result of a check from its (merged) part. */
export function checkResult(req: CheckRequest, part: CheckPart): CheckResult {
  const target = req.target;
  const props = [...target.properties, ...(req.properties ?? [])];
  const tally = new VerdictTally([...ALWAYS_CHECKED, ...props.map(propertyInfo)]);
  tally.addWire(part.tally);
  return {
    scenario: target.name,
    kernel: target.config.name,
    cpus: target.size.cpus,
    folios: target.size.folios,
    repeats: target.size.repeats,
    strategy: req.strategy,
    maxPreemptions: Number.isFinite(req.maxPreemptions) ? req.maxPreemptions : null,
    timers: req.timers,
    seed: req.seed,
    stats: part.stats,
    properties: tally.verdicts(),
    firstViolationExecution: part.firstViolation,
    counterexamples: part.counterexamples,
    violated: part.counterexamples.length > 0,
  };
}

function counterexample(
  target: CheckTarget,
  req: CheckRequest,
  property: string,
  o: Outcome,
): Counterexample {
  const start = violationAttempt(target, req.timers, property, o.decisions);
  if (start === null) throw new Error(`internal: the schedule of a ${property} violation does not replay`);
  const { best, attempts } =
    req.shrink === false
      ? { best: start, attempts: 0 }
      : shrink(start, (d) => violationAttempt(target, req.timers, property, d));
  const described = describeSchedule(target, req.timers, property, best.decisions);
  const token = encodeReplayToken({
    scenario: target.scenarioArg,
    digest: target.digest,
    kernel: target.config.name,
    cpus: target.size.cpus,
    folios: target.size.folios,
    repeats: target.size.repeats,
    timers: req.timers,
    property,
    decisions: best.decisions,
  });
  return {
    property,
    message: described.message,
    scenario: target.name,
    kernel: target.config.name,
    cpus: target.size.cpus,
    folios: target.size.folios,
    steps: described.steps,
    preemptions: described.preemptions,
    token,
    original: { steps: start.steps, preemptions: start.preemptions },
    shrinkAttempts: attempts,
    reproduced: described.reproduced,
  };
}
