// `pinsim explain <scenario> --kernel K [--seed N] [--vs K2]`: who held the reference that made
// the first failed pin fail, since when, on which CPU, and why the drain did not help; with --vs,
// the same page's story on another kernel.

import { replaySchedule } from "../../check/replay.ts";
import { explain, explainSchedule } from "../../lab/explain/explain.ts";
import { admit } from "../../lab/run/budget.ts";
import { checkCosts, RunSetupError } from "../../lab/run/run.ts";
import { DEFAULT_SEED } from "../../lab/run/seeds.ts";
import { nameList, withoutActors } from "../../lab/run/variant.ts";
import { jsonDocument } from "../../report/json.ts";
import { formatExplanation } from "../../report/text/explain.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { type Parsed, UsageError, usageLine } from "../args.ts";
import type { Command, ExitCode, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { EXPLAIN_SPEC } from "../specs/explain.ts";
import { invariantChecks } from "./invariant_option.ts";
import { limitsOf } from "./limits.ts";
import { tokenTarget } from "./replay.ts";

registerInputError(RunSetupError);

export const explainCommand: Command = {
  spec: EXPLAIN_SPEC,
  run(args, io) {
    const o = args.options;
    if (o.replay !== undefined) return explainReplay(args, io);
    if (args.positionals.length === 0) throw new UsageError("missing <scenario>", usageLine(EXPLAIN_SPEC));
    const seed = o.seed as number | undefined;
    const scenario = withoutActors(
      loadScenario(args.positionals[0]!),
      nameList(o.without as string | undefined),
    );
    checkCosts(scenario);
    const config = resolveKernel((o.kernel as string | undefined) ?? scenario.kernel);
    const vs = o.vs === undefined ? undefined : resolveKernel(o.vs as string);
    const limits = limitsOf(args, usageLine(EXPLAIN_SPEC));
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
        usageLine(EXPLAIN_SPEC),
      );
  if (args.positionals.length > 0)
    throw new UsageError(
      "a <scenario> cannot be given with --replay: the token names it",
      usageLine(EXPLAIN_SPEC),
    );
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
