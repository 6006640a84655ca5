// `pinsim scenarios [show NAME]`: the built-in scenarios and what each one shows; `show` prints
// one built-in's YAML, the best template for writing a scenario of one's own (docs/scenarios.md).

import { jsonDocument } from "../../report/json.ts";
import { formatScenarioList } from "../../report/text/table.ts";
import { builtinNames, builtinSource, isBuiltin, listBuiltinScenarios } from "../../scenarios/index.ts";
import { didYouMean } from "../../versions/suggest.ts";
import { type CommandSpec, UsageError, usageLine } from "../args.ts";
import type { Command } from "../command.ts";
import { subcommand } from "./subcommand.ts";

const SPEC: CommandSpec = {
  name: "scenarios",
  summary:
    "List the built-in scenarios with their one-line descriptions; 'show NAME' prints one as YAML, " +
    "a template for your own (docs/scenarios.md).",
  positionals: [
    { name: "show", help: "print one built-in's YAML instead of the list", optional: true },
    { name: "NAME", help: "with show: a built-in scenario name", optional: true },
  ],
  options: [
    { name: "json", type: "boolean", help: "machine-readable output (the list, or the YAML as a string)" },
  ],
  examples: [
    "pinsim scenarios",
    "pinsim scenarios show pkvm-mlock-onfault > my-scenario.yaml",
    "pinsim run my-scenario.yaml --kernel v6.15",
  ],
  exitCodes: ["0 ok", "2 bad input: no built-in of that name (the message suggests the closest)"],
};

export const scenariosCommand: Command = {
  spec: SPEC,
  run(args, io) {
    const json = args.options.json === true;
    const name = subcommand(SPEC, args.positionals, "show");
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
      throw new UsageError(`${what}; built-ins: ${names.join(", ")}`, usageLine(SPEC));
    }
    const yaml = builtinSource(name);
    io.out(json ? jsonDocument({ name, yaml }) : yaml);
    return 0;
  },
};
