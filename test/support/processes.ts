// Starting pinsim (or a snippet of it) as a real process, for what only a process shows: exit
// statuses, signals, stdout that fails. Always with the project's own Node 24.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const MAIN = join(ROOT, "src", "cli", "main.ts");

/** The `node` devDependency's binary (Node 24, which runs .ts directly). */
export function node24(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("node/package.json")), "bin", "node");
}

export interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function exited(child: ChildProcess): Promise<Exited> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** Runs an ES module snippet (which may import .ts files by absolute path) in Node 24. */
export function runSnippet(code: string, cwd = ROOT): ChildProcess {
  return spawn(node24(), ["--input-type=module", "-e", code], { cwd, stdio: ["ignore", "pipe", "pipe"] });
}

/** The child processes of `pid`, from /proc (Linux). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter((x) => x !== "")
      .map(Number);
  } catch {
    return [];
  }
}

/** Running, or at least not yet a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Polls (without a deadline: the test's own timeout bounds it) until `cond` holds. */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}
