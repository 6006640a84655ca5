// The message for a broken model invariant (exit 4): it is pinsim's bug, so it says so and gives
// the line that replays the run with a check after every step.

import type { ModelInvariantError } from "../../lab/run/run.ts";
import { shellWord } from "./columns.ts";

/** `scenarioArg` and `without` are what the user typed, so the replay line loads the same scenario. */
export function modelInvariantText(
  command: string,
  e: ModelInvariantError,
  scenarioArg: string,
  without: string | undefined,
): string {
  const drop = without === undefined ? "" : ` --without ${shellWord(without)}`;
  const replay = `pinsim run ${shellWord(scenarioArg)} --kernel ${shellWord(e.kernel)} --seed ${e.seed}${drop} --check-invariants`;
  return [
    `pinsim ${command}: pinsim model invariant violated (a pinsim bug, please report): ${e.violation}`,
    `  seen ${e.where}, in scenario ${e.scenario} on ${e.kernel}, seed ${e.seed}`,
    `  to replay: ${replay}`,
    "",
  ].join("\n");
}
