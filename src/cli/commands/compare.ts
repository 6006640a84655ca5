// `pinsim compare <scenario> --kernels K1,K2,...`: many runs of a scenario on each kernel, one
// table row (or JSON record) per kernel. `pinsim run` is the one-kernel case of the same thing.

import { nameList } from "../../lab/run/variant.ts";
import type { CommandSpec } from "../args.ts";
import type { Command } from "../command.ts";
import { EXPERIMENT_EXIT_CODES, EXPERIMENT_OPTIONS, runExperiment } from "./experiment.ts";

const SPEC: CommandSpec = {
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

export const compareCommand: Command = {
  spec: SPEC,
  run(args, io) {
    const kernels = nameList(args.options.kernels as string | undefined);
    return runExperiment(SPEC, args, io, (s) => (kernels.length > 0 ? kernels : [s.kernel]));
  },
};
