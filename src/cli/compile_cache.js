// Node's on-disk compile cache for pinsim's modules (module.enableCompileCache, Node >= 22.1):
// under the project's node_modules/.cache/pinsim, or the user's cache directory when that cannot
// be written (a read-only install); without either pinsim runs as before, only slower to start.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off; a NODE_COMPILE_CACHE directory set by the user wins.
// Entries are keyed by each file's content, so an edited module is never served stale.
// Plain JavaScript on purpose: bin/pinsim.js turns the cache on before any .ts file is loaded,
// so that even src/cli/main.ts comes from the cache and Node never starts its type stripper
// (about 0.15 CPU-s) once the cache is warm. src/cli/main.ts calls it again for `node main.ts`.

import module from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const projectCache = fileURLToPath(new URL("../../node_modules/.cache/pinsim", import.meta.url));

/** A directory of its own: pinsim validate keeps kernel packages in ~/.cache/pinsim. */
function userCache() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pinsim", "node-compile-cache");
}

/** Turns the cache on; returns its directory, or undefined when it is off. */
export function enableCompileCache() {
  const status = module.constants.compileCacheStatus;
  for (const dir of [projectCache, userCache()]) {
    const r = module.enableCompileCache(dir);
    if (r.status === status.ENABLED || r.status === status.ALREADY_ENABLED) return r.directory;
    if (r.status === status.DISABLED) return undefined;
  }
  return undefined;
}
