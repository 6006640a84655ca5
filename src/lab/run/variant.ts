// Variants of a scenario asked for on the command line: `--without gup-reader` drops actors (by
// name or by kind), e.g. to compare a contention scenario with and without its contender.

import type { Scenario } from "../../scenarios/scenario.ts";
import { RunSetupError } from "./run.ts";

export function withoutActors(s: Scenario, names: readonly string[]): Scenario {
  if (names.length === 0) return s;
  for (const n of names) {
    if (!s.actors.some((a) => a.name === n || a.kind === n)) {
      const known = s.actors.map((a) => `${a.name} (${a.kind})`).join(", ");
      throw new RunSetupError(`--without ${n}: no actor of that name or kind in ${s.name}; actors: ${known}`);
    }
  }
  const actors = s.actors.filter((a) => !names.includes(a.name) && !names.includes(a.kind));
  if (actors.length === 0)
    throw new RunSetupError(`--without ${names.join(",")}: that leaves ${s.name} with no actors`);
  return { ...s, actors };
}

/** "a,b" -> ["a", "b"]; empty or absent -> []. */
export function nameList(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}
