// `pinsim replay <token>`: re-run a counterexample exactly, as `pinsim check` printed it.
// Exit 1 when the property is violated again (it should be), 0 if not, 2 for a bad token.

import { replayToken } from "../../check/replay_token.ts";
import { CheckInputError } from "../../check/target.ts";
import { BadTokenError } from "../../check/token.ts";
import { ReplayMismatchError } from "../../engine/explore/schedule_picker.ts";
import { jsonDocument } from "../../report/json.ts";
import { formatCounterexample } from "../../report/text/counterexample.ts";
import type { Command } from "../command.ts";
import { registerInputError } from "../input_error.ts";

registerInputError(BadTokenError);
registerInputError(ReplayMismatchError);
registerInputError(CheckInputError);

export const replayCommand: Command = {
  spec: {
    name: "replay",
    summary: "Replay a counterexample from its token (the last line pinsim check prints).",
    positionals: [{ name: "<token>", help: "replay token (starts with pc1)" }],
    options: [{ name: "json", type: "boolean", help: "machine-readable output" }],
    examples: [
      "pinsim replay pc1eyJ2IjoxLCJtIjoicGt2bS1tbG9jay1vbmZhdWx0IiwiayI6InY2LjE1IiwiYyI6MiwiZiI6MSwidCI6ImkiLCJwIjoiZXZlcnktcGluLXN1Y2NlZWRzIiwicyI6IkNBZ0lDQWcifQ",
    ],
    exitCodes: [
      "0 the property held this time (the model or kernel changed since the token was made)",
      "1 the counterexample reproduced: the property is violated again",
      "2 bad input: a damaged token, or one the current model cannot replay",
    ],
  },
  run(args, io) {
    const cx = replayToken(args.positionals[0]!);
    io.out(args.options.json ? jsonDocument(cx) : formatCounterexample(cx));
    return cx.reproduced ? 1 : 0;
  },
};
