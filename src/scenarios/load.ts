// Entry point: a scenario by built-in name or by path to a user's YAML file.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { clip } from "../engine/clip.ts";
import { didYouMean } from "../versions/suggest.ts";
import { builtinNames, isBuiltin, loadBuiltin } from "./builtin.ts";
import { quoteFound, ScenarioError } from "./errors.ts";
import { type Override, parseScenario } from "./parse.ts";
import type { Scenario } from "./scenario.ts";

export { parseScenario };

/**
 * A built-in name (see listBuiltinScenarios) or a path to a .yaml file; a built-in name wins over
 * a same-named file in the current directory (write ./name to mean the file). Throws ScenarioError.
 */
export function loadScenario(nameOrPath: string, overrides: readonly Override[] = []): Scenario {
  if (isBuiltin(nameOrPath)) return loadBuiltin(nameOrPath, overrides);
  return parseScenario(readScenarioFile(nameOrPath), nameOrPath, overrides);
}

/**
 * Scenario files are small; a bigger file is a mistake (a log, an image, /dev/zero), and refusing
 * it bounds the time and memory the YAML parser can take.
 */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

/**
 * Reads a regular file of at most MAX_SCENARIO_BYTES. Opened non-blocking, so a FIFO without a
 * writer is refused instead of waiting for one forever; read in chunks until EOF, so a file that
 * reports no size (/proc) or grows while read cannot get past the limit.
 */
function readScenarioFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return unreadable(path, (e as NodeJS.ErrnoException).code ?? String(e));
  }
  try {
    const kind = fileKind(fstatSync(fd));
    if (kind !== "a regular file") return fileError(path, kind, "a regular file");
    return new TextDecoder().decode(readAtMost(fd, path));
  } finally {
    closeSync(fd);
  }
}

function readAtMost(fd: number, path: string): Uint8Array {
  const buf = Buffer.allocUnsafe(MAX_SCENARIO_BYTES + 1);
  let n = 0;
  for (;;) {
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) return buf.subarray(0, n);
    n += got;
    if (n > MAX_SCENARIO_BYTES)
      return fileError(path, "a file larger than 4 MiB", "a scenario file of at most 4 MiB");
  }
}

function fileKind(st: Stats): string {
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

function unreadable(path: string, code: string): never {
  const names = builtinNames();
  if (code !== "ENOENT")
    return fileError(path, `a file that cannot be read (${code})`, "a readable scenario file");
  return fileError(
    path,
    `no built-in scenario or file named ${quoteFound(path)}`,
    `a built-in scenario (${names.join(", ")}) or a path to a scenario .yaml file${didYouMean(path, names)}`,
  );
}

function fileError(path: string, found: string, expected: string): never {
  throw new ScenarioError({ file: clip(path, 200), line: 0, column: 0, field: "", found, expected });
}
