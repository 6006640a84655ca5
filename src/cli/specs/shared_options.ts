// Options several commands share: --patch-module, --max-steps and --max-memory. Their parsing
// lives with the code that uses them (cli/patch_module.ts, commands/limits.ts).
// The limits' defaults are written out here rather than read from lab/run/budget.ts's
// DEFAULT_LIMITS: every start loads every spec, and budget.ts brings the folio table and four more
// modules with it. shared_options.test.ts keeps the two equal.

import type { OptionSpec } from "../args.ts";

/** lab/run/budget.ts's DEFAULT_LIMITS, as --max-steps and --max-memory take them. */
export const DEFAULT_MAX_STEPS = 100_000_000;
export const DEFAULT_MAX_MEMORY = "2GiB";

export const PATCH_MODULE_OPTION: OptionSpec = {
  name: "patch-module",
  type: "string",
  valueName: "FILE.ts",
  help: "load a patch written as code (docs/patches.md) and compose it by its name: --kernel v6.15+NAME",
};

export const LIMIT_OPTIONS: readonly OptionSpec[] = [
  {
    name: "max-steps",
    type: "int",
    min: 1,
    default: DEFAULT_MAX_STEPS,
    help: "refuse to simulate more steps than this in all (about 10 minutes by default)",
  },
  {
    name: "max-memory",
    type: "string",
    default: DEFAULT_MAX_MEMORY,
    help: "refuse a run needing more memory than this, e.g. 8GiB",
  },
];
