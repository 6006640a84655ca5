// `pinsim scenarios`: the built-in scenarios and what each one shows.

import { formatScenarioList } from "../../report/text/table.ts";
import { listBuiltinScenarios } from "../../scenarios/index.ts";
import type { Command } from "../command.ts";

export const scenariosCommand: Command = {
  spec: {
    name: "scenarios",
    summary: "List the built-in scenarios with their one-line descriptions.",
    positionals: [],
    options: [{ name: "json", type: "boolean", help: "machine-readable output" }],
  },
  run(args, io) {
    const list = listBuiltinScenarios();
    io.out(args.options.json ? `${JSON.stringify(list, null, 2)}\n` : formatScenarioList(list));
    return 0;
  },
};
