// Evaluating a scenario's properties on one run (scenarios/properties.ts defines them). A livelock
// (outer GUP loop at its cap) violates every property: the pin never returned.

import type { PropertySpec } from "../../scenarios/scenario.ts";
import type { PinRecord } from "../../workloads/pin_record.ts";
import { type PropertyVerdict, pinFailed, type RunOutcome } from "./run_result.ts";

export function evaluateProperties(
  specs: readonly PropertySpec[],
  pins: readonly PinRecord[],
  outcome: RunOutcome,
): PropertyVerdict[] {
  return specs.map((p) => verdict(p, pins, outcome === "livelock"));
}

function verdict(p: PropertySpec, pins: readonly PinRecord[], livelock: boolean): PropertyVerdict {
  switch (p.kind) {
    case "every-pin-succeeds": {
      const failed = pins.filter(pinFailed).length;
      return {
        property: p,
        ok: failed === 0 && !livelock,
        observed: failed,
        first_pin: firstIndex(pins, pinFailed),
      };
    }
    case "max-outer-retries":
      return maxVerdict(p, p.value, pins, (r) => r.outer_retries, livelock);
    case "max-global-drains-per-pin":
      return maxVerdict(p, p.value, pins, (r) => r.drains_global, livelock);
  }
}

function maxVerdict(
  p: PropertySpec,
  limit: number,
  pins: readonly PinRecord[],
  of: (r: PinRecord) => number,
  livelock: boolean,
): PropertyVerdict {
  const observed = pins.reduce((m, r) => Math.max(m, of(r)), 0);
  const first = firstIndex(pins, (r) => of(r) > limit);
  return { property: p, ok: first === null && !livelock, observed, first_pin: first };
}

function firstIndex(pins: readonly PinRecord[], bad: (r: PinRecord) => boolean): number | null {
  const i = pins.findIndex(bad);
  return i < 0 ? null : i;
}
