// Options several commands share: --patch-module, --max-steps and --max-memory. Their parsing
// lives with the code that uses them (cli/patch_module.ts, commands/limits.ts). The limits'
// defaults come from lab/run/limits.ts, which imports nothing: every start loads every spec.

import { formatSize } from "../../engine/units.ts";
import { DEFAULT_LIMITS } from "../../lab/run/limits.ts";
import type { OptionSpec } from "../args.ts";

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
    default: DEFAULT_LIMITS.max_steps,
    help: "refuse to simulate more steps than this in all (about 10 minutes by default)",
  },
  {
    name: "max-memory",
    type: "string",
    default: formatSize(DEFAULT_LIMITS.max_memory_bytes),
    help: "refuse a run needing more memory than this, e.g. 8GiB",
  },
];
