// `pinsim explain`: what it accepts and its --help (cli/commands/explain.ts runs it).

import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import type { CommandSpec } from "../args.ts";
import { CHECK_INVARIANTS_OPTION, MODEL_INVARIANT_EXIT_TEXT } from "../commands/invariant_option.ts";
import { LIMIT_OPTIONS, PATCH_MODULE_OPTION } from "./shared_options.ts";

export const EXPLAIN_SPEC: CommandSpec = {
  name: "explain",
  summary:
    "Tell the story of the first failed pin: the folio, who held its extra reference, and why the drain did not help.",
  positionals: [
    {
      name: "<scenario>",
      help: "built-in scenario name (pinsim scenarios) or path to a .yaml file (not with --replay)",
      optional: true,
    },
  ],
  options: [
    PATCH_MODULE_OPTION,
    {
      name: "kernel",
      type: "string",
      valueName: "KERNEL",
      help: "kernel to explain (default: the scenario's)",
    },
    {
      name: "seed",
      type: "int",
      min: 0,
      max: MAX_SEED,
      help: `explain this seed's run (default: search from ${DEFAULT_SEED} for the first failing run)`,
    },
    { name: "search", type: "int", min: 1, default: 200, help: "seeds to try when --seed is not given" },
    {
      name: "vs",
      type: "string",
      valueName: "KERNEL",
      help: "also tell the same page's story on this kernel",
    },
    {
      name: "without",
      type: "string",
      valueName: "ACTORS",
      help: "drop these actors (names or kinds, comma-separated)",
    },
    {
      name: "replay",
      type: "string",
      valueName: "TOKEN",
      help: "tell the story of a pinsim check counterexample (its pc2 replay token) instead of a run",
    },
    { name: "json", type: "boolean", help: "the explanation as JSON" },
    CHECK_INVARIANTS_OPTION,
    ...LIMIT_OPTIONS,
  ],
  examples: [
    "pinsim explain pkvm-mlock-onfault --kernel v6.15 --seed 4 --vs v6.17",
    "pinsim explain gpu-transient-refs --kernel v6.18",
    "pinsim explain --replay pc2…   (the token pinsim check printed)",
  ],
  exitCodes: [
    "0 the story was told (also when no run among the searched seeds failed: it says so)",
    "2 bad input: scenario, kernel or option (the message says what is wrong and what is valid)",
    MODEL_INVARIANT_EXIT_TEXT,
  ],
};
