// `pinsim scenarios show NAME`, `pinsim versions show KERNEL`: a command whose first positional
// may be one sub-command word.

import { didYouMean } from "../../versions/suggest.ts";
import { type CommandSpec, UsageError, usageLine } from "../args.ts";

/**
 * undefined: no sub-command given; "": the word without its argument; otherwise the argument.
 * Anything else in the first position is a usage error naming the word (with a suggestion).
 */
export function subcommand(
  spec: CommandSpec,
  positionals: readonly string[],
  word: string,
): string | undefined {
  const [first, second] = positionals;
  if (first === undefined) return undefined;
  if (first !== word)
    throw new UsageError(
      `unknown sub-command "${first}"${didYouMean(first, [word])}; pinsim ${spec.name} ${word} NAME`,
      usageLine(spec),
    );
  return second ?? "";
}
