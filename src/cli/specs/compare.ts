// `pinsim compare`: what it accepts and its --help (cli/commands/compare.ts runs it).

import type { CommandSpec } from "../args.ts";
import { EXPERIMENT_EXIT_CODES, EXPERIMENT_OPTIONS } from "./experiment_options.ts";

export const COMPARE_SPEC: CommandSpec = {
  name: "compare",
  summary:
    "Run a scenario many times on each of several kernels and compare failures, drains, migration and latency.",
  positionals: [
    { name: "<scenario>", help: "built-in scenario name (pinsim scenarios) or path to a .yaml file" },
  ],
  options: [
    {
      name: "kernels",
      type: "string",
      valueName: "KERNEL,KERNEL...",
      help: "comma-separated kernels, the first the baseline, e.g. v6.15,v6.15+hugh-refcount-check,v6.17 (pinsim versions; default: the scenario's)",
    },
    { name: "runs", type: "int", min: 1, default: 200, help: "runs per kernel" },
    ...EXPERIMENT_OPTIONS,
  ],
  examples: [
    "pinsim compare pkvm-mlock-onfault --kernels v6.15,v6.15+hugh-refcount-check,v6.17,mm-2026 --runs 1000",
    "pinsim compare pkvm-mlock-onfault --kernels v6.15,v6.17 --format csv > cmp.csv",
    "pinsim compare gpu-transient-refs --kernels v6.18,v6.18+hubbard-wait --plot cmp.png",
  ],
  exitCodes: EXPERIMENT_EXIT_CODES,
};
