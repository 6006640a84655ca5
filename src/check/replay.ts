// Replaying one schedule of a check target: exactly (tokens) or leniently (shrinking).

import type { Execution } from "../engine/explore/execution.ts";
import { Executor, type TimerPolicy } from "../engine/explore/executor.ts";
import { SchedulePicker } from "../engine/explore/schedule_picker.ts";
import type { PropertySpec } from "../scenarios/scenario.ts";
import { CheckSubject, type CheckSubjectOptions, type Outcome } from "./execution.ts";
import { propertyFromId, propertyInfo } from "./properties.ts";
import type { Attempt } from "./shrink.ts";
import type { CheckTarget } from "./target.ts";

export const MAX_EVENTS = 4000;

export interface Replayed {
  readonly exec: Execution;
  readonly outcome: Outcome;
}

export function replaySchedule(
  target: CheckTarget,
  timers: TimerPolicy,
  decisions: readonly number[],
  lenient: boolean,
  opts: CheckSubjectOptions = {},
): Replayed {
  let outcome: Outcome | null = null;
  const subject = new CheckSubject(target, (o) => (outcome = o), {
    ...opts,
    properties: opts.properties ?? checkedWith(target, opts.stopAt),
  });
  const exec = new Executor(subject, { timers, footprints: false, maxEvents: MAX_EVENTS }).run(
    new SchedulePicker(decisions, lenient),
  );
  return { exec, outcome: outcome! };
}

/** The scenario's properties, plus the one a schedule is replayed for (an extra --max-* one). */
function checkedWith(target: CheckTarget, property: string | undefined): readonly PropertySpec[] | undefined {
  const own = target.properties;
  const spec = property === undefined ? null : propertyFromId(property);
  if (spec === null || own.some((p) => propertyInfo(p).id === property)) return undefined;
  return [...own, spec];
}

/** The shrinking oracle for `property`: a lenient replay that stops at its violation. */
export function violationAttempt(
  target: CheckTarget,
  timers: TimerPolicy,
  property: string,
  decisions: readonly number[],
): Attempt | null {
  const { exec, outcome } = replaySchedule(target, timers, decisions, true, { stopAt: property });
  const v = outcome.violations.find((x) => x.property === property);
  if (v === undefined) return null;
  return {
    decisions: exec.decisions.slice(),
    steps: v.event + 1,
    preemptions: preemptionsUpTo(exec, v.event),
  };
}

/** Preemptions among the decisions taken before event `event` (inclusive). */
export function preemptionsUpTo(exec: Execution, event: number): number {
  let n = 0;
  for (let i = 0; i < exec.points.length; i++) {
    const p = exec.points[i]!;
    if (p.eventIndex > event || p.choices > 0) continue;
    const t = exec.decisions[i]!;
    if (p.lastEnabled && (t & 1) === 0 && t >> 1 !== p.lastTask) n++;
  }
  return n;
}
