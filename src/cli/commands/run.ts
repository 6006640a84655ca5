// `pinsim run <scenario> --kernel K`: runs of a scenario on one kernel. With --runs 1 (the
// default) it also lists every pin call of the run.

import { nameList } from "../../lab/run/variant.ts";
import { UsageError, usageLine } from "../args.ts";
import type { Command } from "../command.ts";
import { RUN_SPEC } from "../specs/run.ts";
import { runExperiment } from "./experiment.ts";

export const runCommand: Command = {
  spec: RUN_SPEC,
  run(args, io) {
    const kernel = args.options.kernel as string | undefined;
    if (kernel?.includes(",") && args.options.vary === undefined) {
      throw new UsageError(
        "--kernel takes one kernel (use pinsim compare --kernels, or --vary for one line per kernel)",
        usageLine(RUN_SPEC),
      );
    }
    return runExperiment(RUN_SPEC, args, io, (s) => (kernel === undefined ? [s.kernel] : nameList(kernel)));
  },
};
