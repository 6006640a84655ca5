// The message for a broken model invariant (exit 4): it is pinsim's bug, so it says so and gives
// the line that replays the run with a check after every step.

import type { ModelInvariantError } from "../../lab/run/run.ts";
import { shellWord } from "./columns.ts";

/**
 * `scenarioArg`, `without` and `patchModule` are what the user typed, so the replay line loads the
 * same scenario and knows the same patches.
 */
export function modelInvariantText(
  command: string,
  e: ModelInvariantError,
  scenarioArg: string,
  without: string | undefined,
  patchModule?: string,
): string {
  const drop = without === undefined ? "" : ` --without ${shellWord(without)}`;
  const module = patchModule === undefined ? "" : ` --patch-module ${shellWord(patchModule)}`;
  const replay = `pinsim run ${shellWord(scenarioArg)} --kernel ${shellWord(e.kernel)} --seed ${e.seed}${drop}${module} --check-invariants`;
  return [
    `pinsim ${command}: pinsim model invariant violated (a pinsim bug, please report): ${e.violation}`,
    `  seen ${e.where}, in scenario ${e.scenario} on ${e.kernel}, seed ${e.seed}`,
    `  to replay: ${replay}`,
    "",
  ].join("\n");
}
