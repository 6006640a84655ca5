// What the explorer explores: a Subject starts fresh executions (generators cannot be cloned, so
// every execution starts again from the initial state and replays a prefix of decisions), and a
// Run is one live execution. The explorer knows nothing of kernels: properties live in the Run.

import type { Engine } from "../engine.ts";
import type { Strategy } from "../strategy.ts";

/** Why an execution ended. */
export type EndReason =
  /** No task can run and no timer is pending (kworkers blocked forever are fine). */
  | "done"
  /** The Run asked to stop (a violation found at this event). */
  | "stopped"
  /** A step threw. */
  | "error"
  /** Every enabled transition was in the sleep set: an equivalent execution was explored. */
  | "sleep-blocked"
  /** A visited-state cache hit: the rest was explored from an equal state. */
  | "state-hit"
  /** The per-execution event limit was reached (a livelock or a model that never ends). */
  | "too-long";

export interface Run {
  readonly engine: Engine;
  /** True while setup tasks run: the explorer steps them in task order, records nothing. */
  inSetup(): boolean;
  /** Before each recorded event, when the explorer keeps a visited-state cache. */
  beforeEvent?(task: number): void;
  /**
   * After each recorded event; false ends the execution here. `replayed`: the event is one of the
   * replayed prefix, the same transition from the same state as in the previous execution, whose
   * afterEvent returned true for it (or that execution would have ended there). Without
   * beforeEvent calls (no visited-state cache) the engine records no footprint for it.
   */
  afterEvent(eventIndex: number, replayed: boolean): boolean;
  /** A step threw `error` at event `eventIndex`. */
  failed(error: unknown, eventIndex: number): void;
  /** The execution is over; `decisions` replays it exactly. */
  end(reason: EndReason, decisions: readonly number[]): void;
}

export interface Subject {
  /** Builds the initial state on a new engine driven by `strategy`. */
  start(strategy: Strategy): Run;
}
