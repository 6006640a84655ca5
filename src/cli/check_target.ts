// `check`'s and `replay`'s target: the scenario loaded (built-in name or path), its small size,
// and the kernel name (given, the scenario's, or the replay token's) resolved here, at the
// command line.

import type { SmallSize } from "../check/small_config.ts";
import { type CheckTarget, checkTarget } from "../check/target.ts";
import { loadScenario } from "../scenarios/index.ts";
import { resolveKernel } from "../versions/resolve.ts";

export function resolveCheckTarget(
  scenarioArg: string,
  kernel: string | undefined,
  size: Partial<SmallSize>,
): CheckTarget {
  const scenario = loadScenario(scenarioArg);
  return checkTarget(scenarioArg, scenario, resolveKernel(kernel ?? scenario.kernel), size);
}
