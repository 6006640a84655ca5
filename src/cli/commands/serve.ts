// `pinsim serve`: the browser playground on http://127.0.0.1:PORT/. The page is a static folder
// (dist/web, `npm run build:web`); built with Vite on first use when missing, which needs no
// network. It listens on loopback only unless --host names another address.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildWeb, WEB_OUT } from "../../web/build.ts";
import type { CommandSpec } from "../args.ts";
import type { Command } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { ServeError, serveFolder } from "../static_server.ts";

registerInputError(ServeError);

export const DEFAULT_PORT = 7070;

const SPEC: CommandSpec = {
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

export const serveCommand: Command = {
  spec: SPEC,
  async run(args, io) {
    const host = args.options.host as string;
    const port = args.options.port as number;
    if (args.options.rebuild === true || !existsSync(join(WEB_OUT, "index.html"))) {
      io.err("building the playground into dist/web (first use) ...\n");
      await buildWeb(WEB_OUT);
    }
    const server = await serveFolder(WEB_OUT, host, port);
    const addr = server.address();
    const shown = typeof addr === "object" && addr !== null ? addr.port : port;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    io.out(`pinsim playground: http://${urlHost}:${shown}/  (Ctrl-C stops it)\n`);
    return new Promise((resolve) => {
      const stop = () => server.close(() => resolve(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  },
};
