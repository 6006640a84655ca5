// `pinsim scenarios`: what it accepts and its --help (cli/commands/scenarios.ts runs it).

import type { CommandSpec } from "../args.ts";

export const SCENARIOS_SPEC: CommandSpec = {
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
