// CPU time of a child process tree, for benchmarks of whole commands (start-up, compare). Node
// reports no child's rusage, but Linux adds every child a process has waited for (with the
// children they waited for in turn: npx, the launcher, Node 24) to cutime/cstime in
// /proc/self/stat, in clock ticks (10 ms at the usual 100 Hz). null where there is no /proc.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const TICKS_PER_S = 100;

function childTicks(): number {
  // Fields after the ")" that ends the command name: state is [0], cutime [13], cstime [14].
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[13]) + Number(f[14]);
}

export interface ChildRun {
  cpu_s: number;
  wall_s: number;
  status: number | null;
}

export function canMeasureChildren(): boolean {
  return existsSync("/proc/self/stat");
}

/** Runs `file args` to completion (output discarded); its CPU and wall time. `env` adds variables. */
export function runChild(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): ChildRun {
  const t0 = childTicks();
  const w0 = performance.now();
  const r = spawnSync(file, args, { cwd, stdio: "ignore", env: { ...process.env, ...env } });
  const wall_s = (performance.now() - w0) / 1000;
  return { cpu_s: (childTicks() - t0) / TICKS_PER_S, wall_s, status: r.status };
}

/** `repeats` runs: min and median of CPU and wall time. */
export function repeatChild(file: string, args: readonly string[], cwd: string, repeats: number) {
  const runs = Array.from({ length: repeats }, () => runChild(file, args, cwd));
  const cpu = runs.map((r) => r.cpu_s).sort((a, b) => a - b);
  const wall = runs.map((r) => r.wall_s).sort((a, b) => a - b);
  return {
    cpu_s_min: cpu[0]!,
    cpu_s: cpu[Math.floor(repeats / 2)]!,
    wall_s_min: wall[0]!,
    wall_s: wall[Math.floor(repeats / 2)]!,
    status: runs[0]!.status,
  };
}
