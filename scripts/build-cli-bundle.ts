// `node scripts/build-cli-bundle.ts`: builds the CLI bundle src/cli/bundle.js describes, into
// node_modules/.cache/pinsim/cli-bundle (or PINSIM_BUNDLE_DIR). bin/pinsim.js starts it in the
// background when the bundle is missing or stale; running it by hand does the same in the
// foreground. Safe to run several at once (parallel tests): one build holds build.lock, the others
// leave; chunks go to a directory named after their content and the manifest current.json is
// replaced by a rename, so a reader sees the old bundle or the new one, never half of one.
//
// Correctness: the manifest stamps only content the build used. Each source file is read by this
// script (the load hook) and hashed; after the build every file is stamped, then read again, and
// the manifest is written only if each still has the content that went into the chunks and none
// was written in the last second (a file's ctime moves in coarse clock steps: two writes in one
// step would look alike). A source edited during the build therefore leaves the old manifest.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleDir, type FileStamp, fileStamp, LOCK_MS, MANIFEST_FORMAT } from "../src/cli/bundle.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** A source written this recently is not stamped yet (see the header). */
const SETTLE_MS = 1000;
/** Old bundles are kept this long, for commands still running from them (they load chunks lazily). */
const KEEP_OLD_MS = 24 * 3600_000;

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** Takes build.lock; false when another build holds it. */
function lock(dir: string): boolean {
  const file = join(dir, "build.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const held = statSync(file, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs < LOCK_MS) return false;
      rmSync(file, { force: true }); // a build that died: take over
    }
  }
  return false;
}

/** import.meta names the source file (the chunks live elsewhere); anything else stops the build. */
function fixImportMeta(code: string, id: string): string {
  const out = code
    .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(id).href))
    .replaceAll("import.meta.main", "false");
  if (out.includes("import.meta")) throw new Error(`${id}: an import.meta use the bundle cannot keep`);
  return out;
}

interface Built {
  chunks: { fileName: string; code: string }[];
  /** Hash of the content of each source file (absolute path) the build read. */
  used: Map<string, string>;
}

async function bundle(root: string): Promise<Built> {
  const { build } = await import("rolldown");
  const used = new Map<string, string>();
  const types: Record<string, "ts" | "js" | "json"> = { ".ts": "ts", ".js": "js", ".json": "json" };
  const out = await build({
    input: { main: join(root, "src", "cli", "main.ts") },
    platform: "node",
    write: false,
    // Packages and Node's modules stay imports: loaded where the sources load them, not at start.
    external: [/^[^./]/],
    output: { format: "esm", entryFileNames: "[name].mjs", chunkFileNames: "[name]-[hash].mjs" },
    plugins: [
      {
        name: "pinsim-sources",
        load(id) {
          if (id.startsWith("\0")) return null; // rolldown's own runtime
          const moduleType = types[extname(id)];
          if (moduleType === undefined || !id.startsWith(root + sep)) {
            throw new Error(`${id}: not a source file of ${root}`);
          }
          const code = readFileSync(id, "utf8");
          used.set(id, sha(code));
          return { code: moduleType === "json" ? code : fixImportMeta(code, id), moduleType };
        },
      },
    ],
  });
  const chunks = out.output.flatMap((o) => (o.type === "chunk" ? [{ fileName: o.fileName, code: o.code }] : []));
  return { chunks, used };
}

/** Stamps of the sources, if each still holds what the build read and none was written just now. */
function stamps(root: string, used: Map<string, string>, settle_ms: number): FileStamp[] | string {
  const now = Date.now();
  const out: FileStamp[] = [];
  for (const [file, hash] of used) {
    const stamp = fileStamp(root, relative(root, file));
    if (stamp === null) return `${file} is gone`;
    if (now - stamp[3] < settle_ms) return `${file} was just written`;
    if (sha(readFileSync(file, "utf8")) !== hash) return `${file} changed during the build`;
    out.push(stamp);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Writes the chunks to dir/<content hash>/ (once: an identical build reuses it); returns its name. */
function writeChunks(dir: string, chunks: Built["chunks"]): string {
  const name = sha(chunks.map((c) => `${c.fileName}\n${c.code}`).join("\n")).slice(0, 16);
  const target = join(dir, name);
  if (statSync(target, { throwIfNoEntry: false }) !== undefined) return name;
  const tmp = join(dir, `${name}.tmp-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  for (const c of chunks) writeFileSync(join(tmp, c.fileName), c.code);
  try {
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (statSync(target, { throwIfNoEntry: false }) === undefined) throw e;
  }
  return name;
}

/** Removes bundles other than `keep` older than KEEP_OLD_MS, and temporary directories left behind. */
function prune(dir: string, keep: string): void {
  const now = Date.now();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const age = now - statSync(join(dir, entry.name)).mtimeMs;
    if (age > KEEP_OLD_MS || (entry.name.includes(".tmp-") && age > LOCK_MS)) {
      rmSync(join(dir, entry.name), { recursive: true, force: true });
    }
  }
}

/** Builds the bundle of the checkout at `root` into `dir`; returns what happened, for the log. */
export async function buildCliBundle(
  root = ROOT,
  dir: string = bundleDir(root),
  settle_ms = SETTLE_MS,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  if (!lock(dir)) return "another build is running";
  const built = await bundle(root); // a failure keeps the lock: no retry for LOCK_MS
  // This script too: a bundle built by other rules is stale.
  const self = join(root, "scripts", "build-cli-bundle.ts");
  built.used.set(self, sha(readFileSync(self, "utf8")));
  const stamped = stamps(root, built.used, settle_ms);
  if (typeof stamped === "string") {
    rmSync(join(dir, "build.lock"), { force: true });
    return `not stamped: ${stamped}; the next command tries again`;
  }
  const name = writeChunks(dir, built.chunks);
  const manifest = {
    format: MANIFEST_FORMAT,
    root,
    node: process.version,
    dir: name,
    entry: "main.mjs",
    chunks: built.chunks.map((c) => c.fileName).sort(),
    files: stamped,
  };
  const tmp = join(dir, `current.json.tmp-${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify(manifest)}\n`);
  renameSync(tmp, join(dir, "current.json"));
  prune(dir, name);
  rmSync(join(dir, "build.lock"), { force: true });
  return `built ${join(dir, name)}: ${built.chunks.length} chunks from ${stamped.length} sources`;
}

if (import.meta.main) process.stdout.write(`${await buildCliBundle()}\n`);
