#!/usr/bin/env node
// Launcher: pinsim is TypeScript run by Node >= 24 type stripping. The machines carry an older
// system Node, so when this script is started by it we re-exec under the project's own Node 24
// (the exact `node` devDependency) instead of failing on the .ts import. It works through the
// symlinks `npm link` and `npm install -g <checkout>` make: Node resolves a main script's links,
// so `here` is the checkout's bin/.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "..", "src", "cli", "main.ts");
const major = Number(process.versions.node.split(".")[0]);

function projectNode() {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve("node/package.json")), "bin", "node");
  } catch {
    process.stderr.write(
      `pinsim: needs Node >= 24 (this is ${process.version}), and the project's own Node 24 is not installed.\n` +
        `Run \`npm ci\` in ${join(here, "..")}, or run pinsim with Node 24.\n`,
    );
    process.exit(2);
  }
}

if (major >= 24) {
  const { runCli } = await import(main);
  runCli(process.argv.slice(2));
} else {
  const child = spawnSync(projectNode(), [main, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}
