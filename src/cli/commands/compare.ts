// `pinsim compare <scenario> --kernels K1,K2,...`: many runs of a scenario on each kernel, one
// table row (or JSON record) per kernel. `pinsim run` is the one-kernel case of the same thing.

import { nameList } from "../../lab/run/variant.ts";
import type { CommandSpec } from "../args.ts";
import type { Command } from "../command.ts";
import { EXPERIMENT_OPTIONS, runExperiment } from "./experiment.ts";

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
      help: "comma-separated kernels, e.g. v6.15,v6.15+hugh-refcount-check,v6.17 (default: the scenario's)",
    },
    { name: "runs", type: "int", min: 1, default: 200, help: "runs per kernel" },
    ...EXPERIMENT_OPTIONS,
  ],
};

export const compareCommand: Command = {
  spec: SPEC,
  run(args, io) {
    const kernels = nameList(args.options.kernels as string | undefined);
    return runExperiment(SPEC, args, io, (s) => (kernels.length > 0 ? kernels : [s.kernel]));
  },
};
