// `pinsim versions [show KERNEL]`: the kernel bases, patches and aliases pinsim models with the
// commits each one cites; `show` resolves one kernel and says where each setting comes from.

import { jsonDocument } from "../../report/json.ts";
import { formatProvenance, formatVersions } from "../../report/text/versions.ts";
import { listVersions } from "../../versions/list.ts";
import { kernelProvenance } from "../../versions/provenance.ts";
import { UsageError, usageLine } from "../args.ts";
import type { Command } from "../command.ts";
import { VERSIONS_SPEC } from "../specs/versions.ts";
import { subcommand } from "./subcommand.ts";

export const versionsCommand: Command = {
  spec: VERSIONS_SPEC,
  run(args, io) {
    const json = args.options.json === true;
    const kernel = subcommand(VERSIONS_SPEC, args.positionals, "show");
    if (kernel === undefined) {
      const list = listVersions();
      io.out(json ? jsonDocument({ versions: list }) : formatVersions(list));
      return 0;
    }
    if (kernel === "")
      throw new UsageError("versions show needs a KERNEL, e.g. v6.15", usageLine(VERSIONS_SPEC));
    const p = kernelProvenance(kernel);
    io.out(json ? jsonDocument(p) : formatProvenance(p));
    return 0;
  },
};
