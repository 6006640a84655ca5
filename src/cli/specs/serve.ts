// `pinsim serve`: what it accepts and its --help (cli/commands/serve.ts runs it).

import type { CommandSpec } from "../args.ts";

export const DEFAULT_PORT = 7070;

export const SERVE_SPEC: CommandSpec = {
  name: "serve",
  summary:
    "Serve the browser playground (scenario editor, comparisons, failed-run timelines, check) locally.",
  positionals: [],
  options: [
    { name: "port", type: "int", min: 0, max: 65535, default: DEFAULT_PORT, help: "port (0: any free port)" },
    {
      name: "host",
      type: "string",
      default: "127.0.0.1",
      help: "address to listen on; only loopback unless you name another (e.g. 0.0.0.0 for every interface)",
    },
    { name: "rebuild", type: "boolean", help: "build the page again even if dist/web exists" },
  ],
  examples: ["pinsim serve", "pinsim serve --port 8080", "npm run build:web   (the static folder alone)"],
  exitCodes: ["0 stopped (Ctrl-C)", "2 bad option, or the port cannot be listened on"],
};
