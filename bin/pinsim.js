#!/usr/bin/env node
// Launcher: pinsim is TypeScript run by Node >= 24 type stripping. The machines carry an older
// system Node, so when this script is started by it we re-exec under the project's own Node 24
// (the exact `node` devDependency) instead of failing on the .ts import. It works through the
// symlinks `npm link` and `npm install -g <checkout>` make: Node resolves a main script's links,
// so `here` is the checkout's bin/. The launcher stands in for pinsim: it passes every signal
// that would end it on to the child (so SIGTERM does not orphan a running simulation), and
// reports a child killed by signal n as exit 128+n (137 for the OOM killer's SIGKILL), as a shell
// does, never as a pinsim exit code.
// Only what both branches need is imported up front: under Node 24 the launcher loads nothing
// else (node:child_process alone pulls in net, dgram and a dozen more of Node's modules).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "..", "src", "cli", "main.ts");
const major = Number(process.versions.node.split(".")[0]);

async function projectNode() {
  const { createRequire } = await import("node:module");
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

/** Signals that end a process by default and that Node lets a script catch. */
const FORWARDED = ["SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM", "SIGUSR2", "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGXCPU"];

/** Command lines that load no command module: pinsim's own help and version. */
const FEW_MODULES = [undefined, "--help", "-h", "help", "--version", "-V", "version"];

/** pinsim's internal-error status, for a child that could not even be started. */
const EXIT_INTERNAL = 70;

if (major >= 24) {
  // The compile cache before the first .ts module: a warm start then never loads the type stripper.
  const { enableCompileCache } = await import(join(here, "..", "src", "cli", "compile_cache.js"));
  enableCompileCache();
  // The CLI bundle when it is fresh (src/cli/bundle.js says when): the same code in fewer modules.
  // An entry that fails to load has run nothing yet (the CLI starts at its last statement): then
  // pinsim loads its sources, as it does without a bundle. pinsim's own help and version load a
  // handful of modules: for them even loading bundle.js (~7 ms) would cost more than it saves.
  let entry;
  if (process.env.PINSIM_BUNDLE !== "0" && !FEW_MODULES.includes(process.argv[2])) {
    const { bundledEntry } = await import(join(here, "..", "src", "cli", "bundle.js"));
    entry = await bundledEntry(join(here, ".."), process.argv.slice(2));
  }
  let started = false;
  if (entry !== undefined) {
    try {
      await import(entry);
      started = true;
    } catch {}
  }
  if (!started) await import(main); // runs pinsim on process.argv
} else {
  const [{ spawn }, { constants }] = await Promise.all([import("node:child_process"), import("node:os")]);
  const nodeBin = await projectNode();
  // Listening before the child exists: a signal in between must not kill the launcher alone.
  let child = null;
  for (const signal of FORWARDED) {
    process.on(signal, () => {
      if (child === null) process.exit(128 + constants.signals[signal]);
      child.kill(signal);
    });
  }
  // The child runs this launcher again, now under Node 24, for the compile cache (above).
  child = spawn(nodeBin, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  child.on("error", (e) => {
    process.stderr.write(`pinsim: cannot start ${nodeBin}: ${e.message}\n`);
    process.exit(EXIT_INTERNAL);
  });
  child.on("exit", (code, signal) => {
    process.exit(signal === null ? (code ?? EXIT_INTERNAL) : 128 + constants.signals[signal]);
  });
}
