// The --check-invariants option of run, compare, explain and trace, and exit code 4: every run
// checks the model's invariants at each pin result and at its end; the option adds a check after
// every step. A broken invariant is a pinsim bug (lab/run/run.ts ModelInvariantError).

import type { InvariantChecks } from "../../lab/run/run.ts";
import type { OptionSpec } from "../args.ts";

export const MODEL_INVARIANT_EXIT = 4 as const;

export const MODEL_INVARIANT_EXIT_TEXT =
  "4 a pinsim model invariant broke: a pinsim bug (the message gives the replay line)";

export const CHECK_INVARIANTS_OPTION: OptionSpec = {
  name: "check-invariants",
  type: "boolean",
  help:
    "check the model's ledger and batch invariants after every step, not only at each pin result and at the end " +
    "of every run (slower; to find the step where a pinsim bug first shows)",
};

export function invariantChecks(options: Record<string, unknown>): InvariantChecks {
  return options["check-invariants"] === true ? "steps" : "pins";
}
