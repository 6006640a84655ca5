// pinsim's entry point (`node src/cli/main.ts`, and bin/pinsim.js imports it): turns on Node's
// compile cache first, then loads the command line. Stripping the types of pinsim's modules and
// compiling them is most of a short command's time; with the cache a second start skips both.
// Only a dynamic import comes after the cache is on: a static one would be compiled before it.

import { enableCompileCache } from "./compile_cache.js";

enableCompileCache();
const { runCli } = await import("./cli.ts");
runCli(process.argv.slice(2));
