// `pinsim explain <scenario> --kernel K [--seed N] [--vs K2]`: who held the reference that made
// the first failed pin fail, since when, on which CPU, and why the drain did not help; with --vs,
// the same page's story on another kernel.

import { explain } from "../../lab/explain/explain.ts";
import { checkCosts, RunSetupError } from "../../lab/run/run.ts";
import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import { nameList, withoutActors } from "../../lab/run/variant.ts";
import { jsonDocument } from "../../report/json.ts";
import { formatExplanation } from "../../report/text/explain.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { type CommandSpec, UsageError, usageLine } from "../args.ts";
import type { Command } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { CHECK_INVARIANTS_OPTION, invariantChecks, MODEL_INVARIANT_EXIT_TEXT } from "./invariant_option.ts";

registerInputError(RunSetupError);

const SPEC: CommandSpec = {
  name: "explain",
  summary:
    "Tell the story of the first failed pin: the folio, who held its extra reference, and why the drain did not help.",
  positionals: [
    { name: "<scenario>", help: "built-in scenario name (pinsim scenarios) or path to a .yaml file" },
  ],
  options: [
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
    { name: "json", type: "boolean", help: "the explanation as JSON" },
    CHECK_INVARIANTS_OPTION,
  ],
  examples: [
    "pinsim explain pkvm-mlock-onfault --kernel v6.15 --seed 4 --vs v6.17",
    "pinsim explain gpu-transient-refs --kernel v6.18",
  ],
  exitCodes: [
    "0 the story was told (also when no run among the searched seeds failed: it says so)",
    "2 bad input: scenario, kernel or option (the message says what is wrong and what is valid)",
    MODEL_INVARIANT_EXIT_TEXT,
  ],
};

export const explainCommand: Command = {
  spec: SPEC,
  run(args, io) {
    const o = args.options;
    const seed = o.seed as number | undefined;
    if (seed !== undefined && seed > MAX_SEED)
      throw new UsageError(`--seed: ${seed} is above the maximum ${MAX_SEED}`, usageLine(SPEC));
    const scenario = withoutActors(
      loadScenario(args.positionals[0]!),
      nameList(o.without as string | undefined),
    );
    checkCosts(scenario);
    const config = resolveKernel((o.kernel as string | undefined) ?? scenario.kernel);
    const vs = o.vs === undefined ? undefined : resolveKernel(o.vs as string);
    const search = o.search as number;
    const e = explain(scenario, config, {
      seed,
      base: DEFAULT_SEED,
      search,
      vs,
      invariants: invariantChecks(o),
    });
    io.out(o.json ? jsonDocument(e) : formatExplanation(e));
    return 0;
  },
};
