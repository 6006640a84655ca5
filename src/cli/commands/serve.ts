// `pinsim serve`: the browser playground on http://127.0.0.1:PORT/. The page is a static folder
// (dist/web, `npm run build:web`); built with Vite on first use when missing, which needs no
// network. It listens on loopback only unless --host names another address.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildWeb, WEB_OUT } from "../../web/build.ts";
import type { Command } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { SERVE_SPEC } from "../specs/serve.ts";
import { ServeError, serveFolder } from "../static_server.ts";

registerInputError(ServeError);

export const serveCommand: Command = {
  spec: SERVE_SPEC,
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
