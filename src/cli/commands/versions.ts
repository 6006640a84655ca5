// `pinsim versions [show KERNEL]`: the kernel bases, patches and aliases pinsim models with the
// commits each one cites; `show` resolves one kernel and says where each setting comes from.

import { jsonDocument } from "../../report/json.ts";
import { formatProvenance, formatVersions } from "../../report/text/versions.ts";
import { listVersions } from "../../versions/list.ts";
import { kernelProvenance } from "../../versions/provenance.ts";
import { type CommandSpec, UsageError, usageLine } from "../args.ts";
import type { Command } from "../command.ts";
import { PATCH_MODULE_OPTION } from "../patch_module.ts";
import { subcommand } from "./subcommand.ts";

const SPEC: CommandSpec = {
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

export const versionsCommand: Command = {
  spec: SPEC,
  run(args, io) {
    const json = args.options.json === true;
    const kernel = subcommand(SPEC, args.positionals, "show");
    if (kernel === undefined) {
      const list = listVersions();
      io.out(json ? jsonDocument({ versions: list }) : formatVersions(list));
      return 0;
    }
    if (kernel === "") throw new UsageError("versions show needs a KERNEL, e.g. v6.15", usageLine(SPEC));
    const p = kernelProvenance(kernel);
    io.out(json ? jsonDocument(p) : formatProvenance(p));
    return 0;
  },
};
