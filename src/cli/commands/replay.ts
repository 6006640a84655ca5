// `pinsim replay <token>`: re-run a counterexample exactly, as `pinsim check` printed it.
// Exit 1 when the property is violated again (it should be), 0 if not, 2 for a bad token.

import { ALWAYS_CHECKED, propertyFromId, propertyInfo } from "../../check/properties.ts";
import { replayCounterexample } from "../../check/replay_token.ts";
import { CheckInputError, type CheckTarget } from "../../check/target.ts";
import { BadTokenError, decodeReplayToken, type ReplaySpec } from "../../check/token.ts";
import { clip } from "../../engine/clip.ts";
import { ReplayMismatchError } from "../../engine/explore/schedule_picker.ts";
import { jsonDocument } from "../../report/json.ts";
import { formatCounterexample } from "../../report/text/counterexample.ts";
import { resolveCheckTarget } from "../check_target.ts";
import type { Command } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { REPLAY_SPEC } from "../specs/replay.ts";

registerInputError(BadTokenError);
registerInputError(ReplayMismatchError);
registerInputError(CheckInputError);

export const replayCommand: Command = {
  spec: REPLAY_SPEC,

  run(args, io) {
    const token = args.positionals[0]!.trim();
    const { spec, target } = tokenTarget(token);
    const cx = replayCounterexample(target, spec, token);
    io.out(
      args.options.json
        ? jsonDocument(cx)
        : formatCounterexample(cx, args.options["patch-module"] as string | undefined),
    );
    return cx.reproduced ? 1 : 0;
  },
};

/** Decodes a replay token and resolves its target; a damaged or stale token is bad input. */
export function tokenTarget(token: string): { spec: ReplaySpec; target: CheckTarget } {
  const spec = decodeReplayToken(token);
  const target = resolveCheckTarget(spec.scenario, spec.kernel, spec);
  if (target.digest !== spec.digest)
    throw new BadTokenError(
      `${spec.scenario} has changed since this token was made: check it again for a new counterexample`,
    );
  if (!knownProperty(target, spec.property))
    throw new BadTokenError(
      `the replay token names property "${clip(spec.property)}", which the scenario does not check`,
    );
  return { spec, target };
}

/** An always-checked property, the scenario's, or a --max-* one a check can add. */
function knownProperty(target: CheckTarget, id: string): boolean {
  if (ALWAYS_CHECKED.some((p) => p.id === id)) return true;
  if (target.properties.some((p) => propertyInfo(p).id === id)) return true;
  return id.startsWith("max-") && propertyFromId(id) !== null;
}
