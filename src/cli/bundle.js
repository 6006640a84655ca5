// The CLI bundle: pinsim's modules joined by rolldown into a few dozen chunks under
// node_modules/.cache/pinsim/cli-bundle (scripts/build-cli-bundle.ts writes it; never committed).
// Node's loader spends most of a short command's start-up resolving and instantiating some 175
// modules one by one; the chunks cut that (docs/architecture.md, "Start-up"). bin/pinsim.js asks
// bundledEntry() for the bundle's entry and loads src/cli/main.ts itself when there is none.
//
// The bundle is used only when it is fresh: current.json records, for every source file that went
// into it, size, mtime and ctime (a write always moves ctime, even where a tool sets mtime back),
// the checkout's path (the chunks name their source files by absolute path, for the files read
// next to them) and the Node version; and lists its chunk files, which must all be there. Anything
// else (no manifest, a changed or missing file, a manifest that does not parse) means "not fresh":
// pinsim then loads its sources as without a bundle, and starts a rebuild in the background.
// PINSIM_BUNDLE=0 turns the bundle off; PINSIM_BUNDLE=use uses a fresh one but never builds.
// Plain JavaScript, like compile_cache.js: it runs before any .ts module is loaded.

import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";

/** Bumped when the manifest's layout changes: an older manifest is then not fresh. */
export const MANIFEST_FORMAT = 1;

/**
 * The bundle's directory for a checkout: one per checkout path, since git worktrees may share one
 * node_modules through a symlink. PINSIM_BUNDLE_DIR overrides it, for tests; the chunks import
 * packages by name, so a bundle that uses any must lie under the checkout's node_modules.
 */
export function bundleDir(root) {
  if (process.env.PINSIM_BUNDLE_DIR) return process.env.PINSIM_BUNDLE_DIR;
  let h = 0x811c9dc5; // FNV-1a of the path: short, and no crypto module to load
  for (let i = 0; i < root.length; i++) h = Math.imul(h ^ root.charCodeAt(i), 0x01000193) >>> 0;
  const name = `${basename(root)}-${h.toString(16).padStart(8, "0")}`;
  return join(root, "node_modules", ".cache", "pinsim", "cli-bundle", name);
}

const NO_THROW = { throwIfNoEntry: false };

/** What is recorded of one source file: [path relative to root, size, mtimeMs, ctimeMs]. */
export function fileStamp(root, rel) {
  const s = statSync(`${root}/${rel}`, NO_THROW);
  return s === undefined ? null : [rel, s.size, s.mtimeMs, s.ctimeMs];
}

/**
 * Why `manifest` (parsed current.json) does not describe a usable bundle; null when it does.
 * Runs on every start: a few hundred stat calls, kept to plain loops (path.join costs more).
 */
export function staleReason(manifest, root, dir) {
  if (manifest === null || typeof manifest !== "object") return "no manifest";
  if (manifest.format !== MANIFEST_FORMAT) return "another manifest format";
  if (manifest.root !== root) return `built for ${manifest.root}`;
  if (manifest.node !== process.version) return `built by Node ${manifest.node}`;
  if (!Array.isArray(manifest.files) || !Array.isArray(manifest.chunks)) return "no file list";
  for (const [rel, size, mtimeMs, ctimeMs] of manifest.files) {
    const s = statSync(`${root}/${rel}`, NO_THROW);
    if (s === undefined) return `${rel} is gone`;
    if (s.size !== size || s.mtimeMs !== mtimeMs || s.ctimeMs !== ctimeMs) return `${rel} changed`;
  }
  let present;
  try {
    present = new Set(readdirSync(join(dir, String(manifest.dir))));
  } catch {
    return "no chunk directory";
  }
  for (const chunk of manifest.chunks) if (!present.has(chunk)) return `chunk ${chunk} is missing`;
  return null;
}

/** The manifest in `dir`, or null when there is none or it does not parse. */
export function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, "current.json"), "utf8"));
  } catch {
    return null;
  }
}

/** A --patch-module's code imports pinsim's sources: it must meet the same module instances. */
function needsSources(argv) {
  return argv.some((a) => a === "--patch-module" || a.startsWith("--patch-module="));
}

/** The path of the fresh bundle's entry for this command line, or undefined (load src/). */
export async function bundledEntry(root, argv) {
  const mode = process.env.PINSIM_BUNDLE;
  if (mode === "0" || needsSources(argv)) return undefined;
  const dir = bundleDir(root);
  const manifest = readManifest(dir);
  if (staleReason(manifest, root, dir) === null) return join(dir, manifest.dir, manifest.entry);
  if (mode !== "use") await startBuild(root, dir);
  return undefined;
}

/** How long a build may hold the lock before another may take over (and how long a failed one blocks). */
export const LOCK_MS = 120_000;

/** Starts scripts/build-cli-bundle.ts in the background, unless one runs or cannot run here. */
async function startBuild(root, dir) {
  const script = join(root, "scripts", "build-cli-bundle.ts");
  // An install without devDependencies has no rolldown: pinsim runs from its sources, as before.
  if (!existsSync(script) || !existsSync(join(root, "node_modules", "rolldown", "package.json"))) return;
  const lock = statSync(join(dir, "build.lock"), { throwIfNoEntry: false });
  if (lock !== undefined && Date.now() - lock.mtimeMs < LOCK_MS) return;
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    return; // a read-only install: no bundle, and no build started at every command to find that out
  }
  try {
    const { spawn } = await import("node:child_process");
    const env = { ...process.env, PINSIM_BUNDLE: "0" };
    spawn(process.execPath, [script], { cwd: root, env, detached: true, stdio: "ignore" })
      .on("error", () => {})
      .unref();
  } catch {
    // No build this time: the command runs from its sources all the same.
  }
}
