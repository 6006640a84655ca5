// The random choices a step makes when it runs: which pages (`pages: {random: N}`), which LRU
// operation (`op: mixed`), how long a hold lasts (a distribution). The simulator draws them from
// the task's seeded stream. The model checker cannot sample: it enumerates a page start or an
// operation as a choose() over its small domain, and fixes a drawn hold time at the
// distribution's median (docs/model-checking.md says what that can miss).

import type { Engine } from "../../engine/engine.ts";
import type { Prng } from "../../engine/prng.ts";
import type { HoldDistribution } from "../../scenarios/scenario.ts";
import { sampleHold_ns } from "../hold_sample.ts";

export interface Draws {
  /** A value in [0, n). */
  int(n: number, label: string): number;
  hold_ns(dist: HoldDistribution): number;
}

export function seededDraws(prng: Prng): Draws {
  return {
    int: (n) => prng.nextInt(n),
    hold_ns: (dist) => sampleHold_ns(prng, dist),
  };
}

export function enumeratedDraws(engine: Engine): Draws {
  return {
    int: (n, label) => engine.choose(n, label),
    hold_ns: medianHold_ns,
  };
}

/** The median of each distribution: a typical hold, and a fixed one. */
export function medianHold_ns(h: HoldDistribution): number {
  switch (h.dist) {
    case "fixed":
      return h.value_ns;
    case "uniform":
      return Math.round((h.min_ns + h.max_ns) / 2);
    case "exponential":
      return Math.round(h.mean_ns * Math.LN2);
    case "lognormal":
      return h.median_ns;
  }
}
