// `pinsim scenarios [show NAME]`: the built-in scenarios and what each one shows; `show` prints
// one built-in's YAML, the best template for writing a scenario of one's own (docs/scenarios.md).

import { jsonDocument } from "../../report/json.ts";
import { formatScenarioList } from "../../report/text/table.ts";
import { builtinNames, builtinSource, isBuiltin, listBuiltinScenarios } from "../../scenarios/index.ts";
import { didYouMean } from "../../versions/suggest.ts";
import { UsageError, usageLine } from "../args.ts";
import type { Command } from "../command.ts";
import { SCENARIOS_SPEC } from "../specs/scenarios.ts";
import { subcommand } from "./subcommand.ts";

export const scenariosCommand: Command = {
  spec: SCENARIOS_SPEC,
  run(args, io) {
    const json = args.options.json === true;
    const name = subcommand(SCENARIOS_SPEC, args.positionals, "show");
    if (name === undefined) {
      const list = listBuiltinScenarios();
      io.out(json ? jsonDocument({ scenarios: list }) : formatScenarioList(list));
      return 0;
    }
    if (!isBuiltin(name)) {
      const names = builtinNames();
      const what =
        name === ""
          ? "scenarios show needs a NAME"
          : `no built-in scenario "${name}"${didYouMean(name, names)}`;
      throw new UsageError(`${what}; built-ins: ${names.join(", ")}`, usageLine(SCENARIOS_SPEC));
    }
    const yaml = builtinSource(name);
    io.out(json ? jsonDocument({ name, yaml }) : yaml);
    return 0;
  },
};
