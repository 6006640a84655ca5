// Output files (-o, --plot; charts as a Vega-Lite spec, SVG or PNG), written so that nothing can be damaged and nothing half-written is
// left behind:
// - a regular file is replaced atomically: the data goes to an exclusively created temporary file
//   with an unpredictable name in the same directory (O_CREAT|O_EXCL never follows a symlink
//   planted there), which is then renamed over the target;
// - a device, FIFO or socket, or a path through /dev/fd, /dev/stdout or /proc/<pid>/fd, is written
//   through (opened and appended to), never replaced;
// - a symlink is followed to its target, which is then handled as above;
// - the temporary file is removed on failure, at exit and on fatal signals (temp_files.ts).
// A path that cannot be written is the user's input (exit 2), found before any work is done; a
// write that fails (a full disk) is an I/O error (exit 74).

import { randomBytes } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  write,
} from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { clip } from "../engine/clip.ts";
import { registerInputError } from "./input_error.ts";
import { trackTempFile, untrackTempFile } from "./temp_files.ts";

/** The path cannot be written: missing directory, a directory, no permission (exit 2). */
export class OutputPathError extends Error {
  override readonly name = "OutputPathError";
}
registerInputError(OutputPathError);

/** Writing failed part-way: disk full, I/O error, a reader that went away (exit 74). */
export class OutputWriteError extends Error {
  override readonly name = "OutputWriteError";
}

type Target =
  | { readonly kind: "replace"; readonly path: string; readonly mode: number | null }
  | { readonly kind: "through"; readonly path: string };

/** Throws OutputPathError unless `path` can be written; call it before doing the work. */
export function checkOutputPath(path: string, flag: string): void {
  const t = resolveTarget(path, flag);
  const [what, mode] = t.kind === "through" ? [t.path, constants.W_OK] : [dirname(t.path), constants.W_OK];
  try {
    accessSync(what, mode);
  } catch (e) {
    throw pathError(flag, path, e);
  }
}

export async function writeOutputFile(path: string, data: string | Uint8Array, flag: string): Promise<void> {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const t = resolveTarget(path, flag);
  if (t.kind === "through") await writeThrough(t.path, bytes, path, flag);
  else await replaceAtomically(t.path, t.mode, bytes, path, flag);
}

const MAX_SYMLINK_HOPS = 40;
const FD_PATH = /^\/(proc\/[^/]+\/fd\/|dev\/fd\/|dev\/std(in|out|err)$)/;

/** Follows symlinks one hop at a time, so a dangling one still names the file to create. */
function resolveTarget(path: string, flag: string): Target {
  let p = resolve(path);
  for (let hop = 0; ; hop++) {
    if (FD_PATH.test(p)) return { kind: "through", path: p };
    const st = lstatOrNull(p, flag, path);
    if (st === null)
      return { kind: "replace", path: join(existingDir(p, flag, path), basename(p)), mode: null };
    if (!st.isSymbolicLink()) return targetOf(p, flag, path);
    if (hop === MAX_SYMLINK_HOPS) throw new OutputPathError(`${flag} ${clip(path)}: too many symbolic links`);
    const link = readlinkSync(p);
    p = isAbsolute(link) ? link : resolve(dirname(p), link);
  }
}

function targetOf(p: string, flag: string, path: string): Target {
  const st = statSync(p);
  if (st.isDirectory()) throw new OutputPathError(`${flag} ${clip(path)}: is a directory; name a file in it`);
  if (!st.isFile()) return { kind: "through", path: p };
  return { kind: "replace", path: join(existingDir(p, flag, path), basename(p)), mode: st.mode & 0o7777 };
}

function lstatOrNull(p: string, flag: string, path: string) {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw pathError(flag, path, e);
  }
}

/** The directory a new file goes in, with its own symlinks resolved; it must exist. */
function existingDir(p: string, flag: string, path: string): string {
  const dir = dirname(p);
  try {
    if (!statSync(dir).isDirectory())
      throw new OutputPathError(`${flag} ${clip(path)}: ${clip(dir)} is not a directory`);
    return realpathSync(dir);
  } catch (e) {
    if (e instanceof OutputPathError) throw e;
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      throw new OutputPathError(`${flag} ${clip(path)}: directory ${clip(dir)} does not exist`);
    throw pathError(flag, path, e);
  }
}

async function replaceAtomically(
  target: string,
  mode: number | null,
  bytes: Uint8Array,
  path: string,
  flag: string,
): Promise<void> {
  // Unpredictable and created exclusively: nobody can have planted a file or symlink under it.
  const tmp = join(
    dirname(target),
    `.${basename(target).slice(0, 100)}.${randomBytes(8).toString("hex")}.tmp`,
  );
  // Created synchronously right after it is tracked: no signal can be handled in between.
  trackTempFile(tmp);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
  } catch (e) {
    untrackTempFile(tmp);
    throw pathError(flag, path, e);
  }
  try {
    if (mode !== null) fchmodSync(fd, mode);
    await writeAll(fd, bytes);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, target);
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    removeQuietly(tmp);
    throw writeError(flag, path, e, "the file was left as it was");
  } finally {
    untrackTempFile(tmp);
  }
}

async function writeThrough(target: string, bytes: Uint8Array, path: string, flag: string): Promise<void> {
  let fh: FileHandle;
  try {
    // Appending, without O_TRUNC: /dev/stdout may be the shell's `>> log`. Opened off the main
    // thread, since a FIFO's open waits for its reader.
    fh = await open(target, constants.O_WRONLY | constants.O_APPEND);
  } catch (e) {
    throw pathError(flag, path, e);
  }
  try {
    await writeAll(fh.fd, bytes);
  } catch (e) {
    throw writeError(flag, path, e, "the output is incomplete");
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** In chunks, yielding to the event loop between them, so a signal is handled mid-write. */
const CHUNK_BYTES = 1 << 20;

async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; ) {
    at += await writeChunk(fd, bytes, at, Math.min(CHUNK_BYTES, bytes.length - at));
  }
}

function writeChunk(fd: number, bytes: Uint8Array, at: number, length: number): Promise<number> {
  return new Promise((resolve, reject) =>
    write(fd, bytes, at, length, null, (e, n) => (e === null ? resolve(n) : reject(e))),
  );
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or already gone
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === undefined) return String(err.message ?? e);
  // "ENOSPC: no space left on device, write" -> "no space left on device"
  const words = (err.message ?? "").replace(/^[A-Z]+: /, "").replace(/, \w+( '.*')?$/, "");
  return `${words} (${err.code})`;
}

function pathError(flag: string, path: string, e: unknown): OutputPathError {
  return new OutputPathError(`${flag} ${clip(path)}: cannot write there: ${reason(e)}`);
}

function writeError(flag: string, path: string, e: unknown, outcome: string): OutputWriteError {
  return new OutputWriteError(`${flag} ${clip(path)}: writing failed (${reason(e)}); ${outcome}`);
}

/** The extensions --plot accepts. */
export function plotFormat(path: string): "svg" | "png" | "vl.json" | null {
  const lower = path.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  if (lower.endsWith(".vl.json")) return "vl.json";
  return null;
}

/** A chart as --plot writes it: the Vega-Lite spec itself (.vl.json), or it rendered to SVG or PNG. */
export async function writePlot(path: string, spec: TopLevelSpec): Promise<void> {
  const format = plotFormat(path);
  if (format === "vl.json") return writeOutputFile(path, `${JSON.stringify(spec, null, 2)}\n`, "--plot");
  // Vega and Vega-Lite are most of pinsim's code by size: loaded only when a chart is drawn.
  const data =
    format === "png"
      ? await (await import("../report/charts/png.ts")).renderPng(spec, 1200)
      : await (await import("../report/charts/render.ts")).renderSvg(spec);
  await writeOutputFile(path, data, "--plot");
}
