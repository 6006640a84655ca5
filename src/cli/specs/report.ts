// `pinsim report`: what it accepts and its --help (cli/commands/report.ts runs it).

import type { CommandSpec } from "../args.ts";
import { MODEL_INVARIANT_EXIT_TEXT } from "../commands/invariant_option.ts";
import { EXPERIMENT_OPTIONS } from "./experiment_options.ts";

/** What compare takes, less what chooses its output (the report is the output). */
const NOT_FOR_REPORT = new Set(["format", "json", "plot", "queue"]);

export const REPORT_SPEC: CommandSpec = {
  name: "report",
  summary:
    "Write a comparison (or sweep) as one self-contained HTML file: table, chart, the first failure's story, replay lines.",
  positionals: [
    { name: "<scenario>", help: "built-in scenario name (pinsim scenarios) or path to a .yaml file" },
  ],
  options: [
    { name: "html", type: "string", valueName: "FILE", help: "the HTML file to write (required)" },
    {
      name: "kernels",
      type: "string",
      valueName: "KERNEL,KERNEL...",
      help: "comma-separated kernels, the first the baseline, as for pinsim compare (default: the scenario's)",
    },
    { name: "runs", type: "int", min: 1, default: 200, help: "runs per kernel" },
    ...EXPERIMENT_OPTIONS.filter((o) => !NOT_FOR_REPORT.has(o.name)),
  ],
  examples: [
    "pinsim report pkvm-mlock-onfault --kernels v6.15,v6.15+hugh-refcount-check,v6.17 --runs 1000 --html pin.html",
    "pinsim report gpu-transient-refs --kernels v6.18,v6.18+hubbard-wait --vary gpu.hold=10us..2ms:6 --html sweep.html",
  ],
  exitCodes: [
    "0 the report was written (it says which properties held)",
    "2 bad input: scenario, kernel, option, --vary, or an --html path that cannot be written",
    MODEL_INVARIANT_EXIT_TEXT,
    "74 the file could not be written (disk full, I/O error)",
  ],
};
