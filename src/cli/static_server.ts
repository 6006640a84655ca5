// A static file server for one folder, for `pinsim serve`: GET and HEAD only, no directory
// listings, nothing outside the folder (the path is resolved and checked), "/" is index.html.

import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

export class ServeError extends Error {
  override name = "ServeError";
}

/** Listens on host:port (port 0: any free port); resolves once listening. */
export function serveFolder(root: string, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => send(res, 500, "text/plain", "internal error\n"));
  });
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const why =
        e.code === "EADDRINUSE"
          ? `port ${port} on ${host} is in use; choose another with --port`
          : e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND"
            ? `cannot listen on host "${host}": not an address of this machine`
            : e.code === "EACCES"
              ? `not allowed to listen on port ${port} (ports below 1024 need privileges)`
              : `cannot listen on ${host}:${port} (${e.code ?? e.message})`;
      reject(new ServeError(why));
    });
    server.listen(port, host, () => resolve(server));
  });
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "GET only\n");
  const file = fileFor(root, req.url ?? "/");
  if (file === null) return send(res, 404, "text/plain", "not found\n");
  const st = await stat(file).catch(() => null);
  if (st === null || !st.isFile()) return send(res, 404, "text/plain", "not found\n");
  const body = await readFile(file);
  const type = TYPES[extname(file)] ?? "application/octet-stream";
  send(res, 200, type, req.method === "HEAD" ? "" : body, body.length);
}

/** The file a URL path names inside root, or null when it would leave root. */
export function fileFor(root: string, url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, "http://localhost/").pathname);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const rel = normalize(path).replace(/^([/\\])+/, "");
  const file = join(root, rel === "" || rel.endsWith(sep) ? join(rel, "index.html") : rel);
  const base = root.endsWith(sep) ? root : root + sep;
  return file.startsWith(base) ? file : null;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  length?: number,
): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": length ?? Buffer.byteLength(body),
    "x-content-type-options": "nosniff",
    "cache-control": "no-cache",
  });
  res.end(body);
}
