// The record of one execution: its events (with footprints) and its decisions.

import type { EndReason } from "./subject.ts";

export interface EventRecord {
  /** stepOf(task) or timerOf(task). */
  readonly transition: number;
  readonly task: number;
  /** Keys read (k) and written (-k - 1), including the explorer's CPU keys. */
  readonly footprint: readonly number[];
  /** The event that woke this task before this event, or -1. */
  readonly waker: number;
  /** A timer fired because nothing else could run: ordered after everything before it. */
  readonly barrier: boolean;
  /** The step made choose() decisions: dependent with everything, never put to sleep. */
  readonly wildcard: boolean;
  /** Index of the scheduling decision that picked it, or -1 when it was the only option. */
  readonly decision: number;
}

/** Where a decision was taken. */
export interface DecisionPoint {
  readonly index: number;
  /** Enabled transitions, ascending; empty for a choose() decision. */
  readonly enabled: readonly number[];
  /** choose(n): n; 0 for scheduling decisions. */
  readonly choices: number;
  /** Task of the last step event, -1 at the start. */
  readonly lastTask: number;
  /** lastTask could continue: picking another task's step is a preemption. */
  readonly lastEnabled: boolean;
  readonly preemptions: number;
  /** Index of the event this decision precedes (or happens within, for choose()). */
  readonly eventIndex: number;
}

export interface Execution {
  readonly events: EventRecord[];
  readonly decisions: number[];
  readonly points: DecisionPoint[];
  reason: EndReason;
  preemptions: number;
  /** Tasks in the engine (the width of vector clocks). */
  nTasks: number;
}

/** What Picker.pick returns to end an execution early. */
export const PICK_SLEEP_BLOCKED = -1;
export const PICK_STATE_HIT = -2;

/** Picking a transition is a preemption when the last task could have continued. */
export function isPreemption(p: DecisionPoint, transition: number): boolean {
  return p.lastEnabled && (transition & 1) === 0 && transition >> 1 !== p.lastTask;
}
