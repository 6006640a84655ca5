// Hold times drawn from a scenario's distribution with an actor's own PRNG stream, rounded to
// whole virtual nanoseconds.

import type { Prng } from "../engine/prng.ts";
import type { HoldDistribution } from "../scenarios/scenario.ts";

export function sampleHold_ns(prng: Prng, h: HoldDistribution): number {
  switch (h.dist) {
    case "fixed":
      return h.value_ns;
    case "uniform":
      return h.min_ns + Math.round(prng.nextFloat() * (h.max_ns - h.min_ns));
    case "exponential":
      return Math.round(prng.nextExponential(h.mean_ns));
    case "lognormal":
      return Math.round(h.median_ns * Math.exp(h.sigma * prng.nextNormal()));
  }
}
