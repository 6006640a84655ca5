// `pinsim versions`: what it accepts and its --help (cli/commands/versions.ts runs it).

import type { CommandSpec } from "../args.ts";
import { PATCH_MODULE_OPTION } from "./shared_options.ts";

export const VERSIONS_SPEC: CommandSpec = {
  name: "versions",
  summary:
    "List the kernel bases, patches and aliases pinsim models, each with the kernel commits it cites; " +
    "'show KERNEL' prints one kernel's resolved settings and where each comes from.",
  positionals: [
    { name: "show", help: "show one kernel instead of listing them all", optional: true },
    {
      name: "KERNEL",
      help: "with show: a kernel, e.g. v6.15+hugh-refcount-check or debian-6.1",
      optional: true,
    },
  ],
  options: [{ name: "json", type: "boolean", help: "machine-readable output" }, PATCH_MODULE_OPTION],
  examples: [
    "pinsim versions",
    "pinsim versions show v6.15+hugh-refcount-check",
    "pinsim versions show debian-6.1 --json",
  ],
  exitCodes: ["0 ok", "2 bad input: an unknown kernel or patch (the message suggests the closest name)"],
};
