// RunResult: everything one run of (scenario, kernel, seed) produced, as plain JSON. The same
// three inputs always give the same RunResult, byte for byte.

import type { KernelConfig } from "../../kernel/config.ts";
import type { Counters } from "../../kernel/counters.ts";
import type { PropertySpec } from "../../scenarios/scenario.ts";
import type { PinRecord } from "../../workloads/pin_record.ts";
import type { LatencyHistogramJSON } from "../compare/stats.ts";

/**
 * How the run ended: every actor finished; the scenario's stop time came first; or a pin went
 * round the (unbounded, kernel-model.md §3.3) outer GUP loop up to the retry cap.
 */
export type RunOutcome = "completed" | "stopped" | "livelock";

export interface PropertyVerdict {
  readonly property: PropertySpec;
  readonly ok: boolean;
  /** Failed pins (every-pin-succeeds) or the largest per-pin figure (the max-* properties). */
  readonly observed: number;
  /** Index in `pins` of the first pin that violated it; null if none did (or a livelock did). */
  readonly first_pin: number | null;
}

export interface InvariantVerdict {
  /** "nr-isolated-zero": NR_ISOLATED_ANON/FILE back to 0 once no pin is in progress. */
  readonly name: "nr-isolated-zero";
  readonly ok: boolean;
  /** False when a pin was still in progress at the end, so the invariant did not apply. */
  readonly checked: boolean;
  readonly observed: number;
}

export interface RunResult {
  readonly format: "pinsim.run-result";
  readonly version: 1;
  readonly scenario: string;
  readonly kernel: string;
  readonly config: KernelConfig;
  readonly seed: number;
  readonly outcome: RunOutcome;
  /** Virtual time at the end of the run. */
  readonly end_ns: number;
  readonly counters: Counters;
  readonly pins: readonly PinRecord[];
  /** Latency of every pin call, failed or not. */
  readonly pin_latency: LatencyHistogramJSON;
  readonly properties: readonly PropertyVerdict[];
  readonly invariants: readonly InvariantVerdict[];
}

/** A pin failed as its caller sees it (an errno, or fewer pages than asked for). */
export function pinFailed(p: PinRecord): boolean {
  return p.errno !== 0;
}
