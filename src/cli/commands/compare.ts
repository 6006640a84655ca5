// `pinsim compare <scenario> --kernels K1,K2,...`: many runs of a scenario on each kernel, one
// table row (or JSON record) per kernel. `pinsim run` is the one-kernel case of the same thing.

import { nameList } from "../../lab/run/variant.ts";
import type { Command } from "../command.ts";
import { COMPARE_SPEC } from "../specs/compare.ts";
import { runExperiment } from "./experiment.ts";

export const compareCommand: Command = {
  spec: COMPARE_SPEC,
  run(args, io) {
    const kernels = nameList(args.options.kernels as string | undefined);
    return runExperiment(COMPARE_SPEC, args, io, (s) => (kernels.length > 0 ? kernels : [s.kernel]));
  },
};
