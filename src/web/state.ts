// What the playground's inputs are: a scenario (a built-in by name, or YAML text), the kernels,
// the number of runs and the first seed. The URL carries exactly this (link.ts), and
// `pinsim compare` takes the same four things (cli_command.ts).

import { DEFAULT_SEED, MAX_SEED } from "../lab/run/seeds.ts";

export type ScenarioChoice =
  | { readonly kind: "builtin"; readonly name: string }
  | { readonly kind: "yaml"; readonly text: string };

export interface PlaygroundState {
  readonly scenario: ScenarioChoice;
  /** The first is the baseline, as for `pinsim compare --kernels`. */
  readonly kernels: readonly string[];
  readonly runs: number;
  readonly seed: number;
}

/** The page runs in one thread of a browser tab: more runs than this belong on the command line. */
export const MAX_RUNS = 100_000;
export { MAX_SEED };

/** A user's YAML is loaded as if it were this file, so the CLI line that writes it names the same. */
export const YAML_FILE = "scenario.yaml";

export const DEFAULT_STATE: PlaygroundState = {
  scenario: { kind: "builtin", name: "pkvm-mlock-onfault" },
  kernels: ["v6.15", "v6.17"],
  runs: 200,
  seed: DEFAULT_SEED,
};

/** The scenario argument the CLI would be given: the built-in's name or the YAML file. */
export function scenarioArg(choice: ScenarioChoice): string {
  return choice.kind === "builtin" ? choice.name : YAML_FILE;
}
