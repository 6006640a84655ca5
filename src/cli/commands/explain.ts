// `pinsim explain <scenario> --kernel K [--seed N] [--vs K2]`: who held the reference that made
// the first failed pin fail, since when, on which CPU, and why the drain did not help; with --vs,
// the same page's story on another kernel.

import { replaySchedule } from "../../check/replay.ts";
import { explain, explainSchedule } from "../../lab/explain/explain.ts";
import { admit } from "../../lab/run/budget.ts";
import { checkCosts, RunSetupError } from "../../lab/run/run.ts";
import { DEFAULT_SEED, MAX_SEED } from "../../lab/run/seeds.ts";
import { nameList, withoutActors } from "../../lab/run/variant.ts";
import { jsonDocument } from "../../report/json.ts";
import { formatExplanation } from "../../report/text/explain.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { type CommandSpec, type Parsed, UsageError, usageLine } from "../args.ts";
import type { Command, ExitCode, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { PATCH_MODULE_OPTION } from "../patch_module.ts";
import { CHECK_INVARIANTS_OPTION, invariantChecks, MODEL_INVARIANT_EXIT_TEXT } from "./invariant_option.ts";
import { LIMIT_OPTIONS, limitsOf } from "./limits.ts";
import { tokenTarget } from "./replay.ts";

registerInputError(RunSetupError);

const SPEC: CommandSpec = {
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

export const explainCommand: Command = {
  spec: SPEC,
  run(args, io) {
    const o = args.options;
    if (o.replay !== undefined) return explainReplay(args, io);
    if (args.positionals.length === 0) throw new UsageError("missing <scenario>", usageLine(SPEC));
    const seed = o.seed as number | undefined;
    const scenario = withoutActors(
      loadScenario(args.positionals[0]!),
      nameList(o.without as string | undefined),
    );
    checkCosts(scenario);
    const config = resolveKernel((o.kernel as string | undefined) ?? scenario.kernel);
    const vs = o.vs === undefined ? undefined : resolveKernel(o.vs as string);
    const limits = limitsOf(args, usageLine(SPEC));
    // The search, then the failing run replayed with a tracer, and twice more for --vs.
    const runs = (seed === undefined ? (o.search as number) : 1) + 1 + (vs === undefined ? 0 : 2);
    admit([scenario], runs, limits);
    const e = explain(scenario, config, {
      seed,
      base: DEFAULT_SEED,
      search: o.search as number,
      vs,
      limits,
      invariants: invariantChecks(o),
    });
    io.out(o.json ? jsonDocument(e) : formatExplanation(e));
    return 0;
  },
};

/** --replay TOKEN: the counterexample's schedule, replayed with the explain tracer attached. */
function explainReplay(args: Parsed, io: Io): ExitCode {
  const o = args.options;
  for (const name of ["kernel", "seed", "vs", "without"])
    if (o[name] !== undefined)
      throw new UsageError(
        `--${name} cannot be used with --replay: the token fixes the run`,
        usageLine(SPEC),
      );
  if (args.positionals.length > 0)
    throw new UsageError("a <scenario> cannot be given with --replay: the token names it", usageLine(SPEC));
  const { spec, target } = tokenTarget((o.replay as string).trim());
  const replay = {
    property: spec.property,
    cpus: spec.cpus,
    folios: spec.folios,
    decisions: spec.decisions.length,
  };
  const e = explainSchedule(target.name, target.config, replay, (attach) => {
    replaySchedule(target, spec.timers, spec.decisions, false, { stopAt: spec.property, onWorld: attach });
  });
  io.out(o.json ? jsonDocument(e) : formatExplanation(e));
  return 0;
}
