// `pinsim check`: explore a check model's executions with a strategy, evaluate the properties on
// each, give verdicts, and shrink the first violation of each property to a minimal counterexample
// with a replay token.

import type { TimerPolicy } from "../engine/explore/executor.ts";
import { explore } from "../engine/explore/explore.ts";
import type { ExploreStats, StrategyName } from "../engine/explore/stats.ts";
import type { PropertySpec } from "../scenarios/scenario.ts";
import { type Counterexample, describeSchedule } from "./counterexample.ts";
import { CheckSubject, type Outcome } from "./execution.ts";
import type { FingerprintMode } from "./fingerprint.ts";
import { ALWAYS_CHECKED, propertyInfo } from "./properties.ts";
import { MAX_EVENTS, violationAttempt } from "./replay.ts";
import { shrink } from "./shrink.ts";
import type { CheckTarget } from "./target.ts";
import { encodeReplayToken } from "./token.ts";
import { type PropertyVerdict, VerdictTally } from "./verdict.ts";

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
  /** DFS only: the visited-state cache and its fingerprint (see check_fingerprint.ts). */
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
        if (!found.has(v.property)) found.set(v.property, { ...o, decisions: o.decisions.slice() });
      if (first === null && o.violations.length > 0) {
        first = executions;
        req.onFirstViolation?.();
      }
    },
    { fingerprint: req.stateCache, properties: props, reuse: true },
  );
  const stats = explore(subject, {
    strategy: req.strategy,
    timers: req.timers,
    maxPreemptions: req.maxPreemptions,
    budget: {
      maxExecutions: req.maxExecutions,
      timeUp: req.timeUp,
      stop: req.stopOnViolation ? () => first !== null : undefined,
    },
    seed: req.seed,
    pctDepth: req.pctDepth,
    maxEvents: MAX_EVENTS,
    sleepSets: req.sleepSets,
    fingerprint: req.stateCache === undefined ? undefined : () => subject.fingerprint(),
  });
  const counterexamples = [...found.entries()].map(([prop, o]) => counterexample(target, req, prop, o));
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
    stats,
    properties: tally.verdicts(),
    firstViolationExecution: first,
    counterexamples,
    violated: found.size > 0,
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
