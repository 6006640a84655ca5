// `pinsim replay`: what it accepts and its --help (cli/commands/replay.ts runs it).

import type { CommandSpec } from "../args.ts";
import { PATCH_MODULE_OPTION } from "./shared_options.ts";

export const REPLAY_SPEC: CommandSpec = {
  name: "replay",
  summary: "Replay a counterexample from its token (the last line pinsim check prints).",
  positionals: [{ name: "<token>", help: "replay token (starts with pc2)" }],
  options: [
    { name: "json", type: "boolean", help: "machine-readable output" },
    { ...PATCH_MODULE_OPTION, help: "the --patch-module the check ran with (its replay line repeats it)" },
  ],
  examples: [
    "pinsim replay pc2eyJ2IjoyLCJtIjoicGt2bS1tbG9jay1vbmZhdWx0IiwiaCI6IjM2MzQxYjcwIiwiayI6InY2LjE1IiwiYyI6MiwiZiI6MSwiciI6MSwidCI6ImkiLCJwIjoiZXZlcnktcGluLXN1Y2NlZWRzIiwicyI6IkNBZ0lDQWcifQ.97c27f33",
  ],
  exitCodes: [
    "0 the property held this time (the model or kernel changed since the token was made)",
    "1 the counterexample reproduced: the property is violated again",
    "2 bad input: a damaged token, or one the current model cannot replay",
  ],
};
