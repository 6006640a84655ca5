// `pinsim run`: what it accepts and its --help (cli/commands/run.ts runs it).

import type { CommandSpec } from "../args.ts";
import { EXPERIMENT_EXIT_CODES, EXPERIMENT_OPTIONS } from "./experiment_options.ts";

export const RUN_SPEC: CommandSpec = {
  name: "run",
  summary: "Run a scenario on one kernel: pins, failures, drains, migration, latency; --runs for many seeds.",
  positionals: [
    { name: "<scenario>", help: "built-in scenario name (pinsim scenarios) or path to a .yaml file" },
  ],
  options: [
    {
      name: "kernel",
      type: "string",
      valueName: "KERNEL",
      help: "kernel, e.g. v6.15 or v6.15+hugh-refcount-check (pinsim versions; default: the scenario's); with --vary, a comma-separated list",
    },
    {
      name: "runs",
      type: "int",
      min: 1,
      default: 1,
      help: "runs (seeds seed, seed+1, ...); with 1, every pin call is listed",
    },
    ...EXPERIMENT_OPTIONS,
  ],
  examples: [
    "pinsim run pkvm-mlock-onfault --kernel v6.15 --seed 4",
    "pinsim run pkvm-mlock-onfault --kernel v6.17 --runs 1000 --format markdown",
    "pinsim run gpu-transient-refs --kernel v6.18,v6.18+hubbard-wait --vary gpu.hold=1us..2s:10 --runs 50 --plot hold.svg",
  ],
  exitCodes: EXPERIMENT_EXIT_CODES,
};
