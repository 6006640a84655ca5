import { formatVersions } from "../../report/text/versions.ts";
import { listVersions } from "../../versions/list.ts";
import type { Command } from "../command.ts";

export const versionsCommand: Command = {
  spec: {
    name: "versions",
    summary:
      "List the kernel bases, patches and aliases pinsim models, with the kernel-reference section each comes from.",
    positionals: [],
    options: [{ name: "json", type: "boolean", help: "machine-readable output" }],
  },
  run(args, io) {
    const list = listVersions();
    io.out(args.options.json ? `${JSON.stringify(list, null, 2)}\n` : formatVersions(list));
    return 0;
  },
};
