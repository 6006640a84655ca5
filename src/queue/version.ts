// The version that goes into result keys and that a worker checks a job against: package.json's
// version and a digest of the source files, so that two checkouts of one release with different
// code never share results, and a worker of another build refuses the job instead of answering
// for code it does not run.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { digest } from "./keys.ts";

const SRC = fileURLToPath(new URL("../", import.meta.url));
let cached: string | undefined;

/** "0.1.0+3f2a9c1e0b7d4a55" */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  const files = sources(SRC).sort();
  const text = files.map((f) => `${f.slice(SRC.length)}\0${readFileSync(f, "utf8")}`);
  cached = `${pkg.version}+${digest(text)}`;
  return cached;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}
