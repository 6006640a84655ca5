// startup: CPU time of short commands from process start to exit, each started 5 times after one
// warm-up start (which fills Node's compile cache), in alternating rounds (case 1, 2, ..., then
// again): Node 24 alone (`node -e 0`, the floor every command pays), `node src/cli/main.ts`, the
// launcher bin/pinsim.js (--help, versions, a 1-run run, a small check) as users get it (with the
// CLI bundle, built first when it is stale: src/cli/bundle.js) and with PINSIM_BUNDLE=0 (the
// sources module by module), under the system's older Node (when there is one), and npx (with `npx -c
// true`, npx alone, its floor).
// compare-cost: `compare --workers 1` at two run counts, split into a cost per run and a fixed
// cost (start-up, loading, the scenario, the report).

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCliBundle } from "../scripts/build-cli-bundle.ts";
import { bundleDir, readManifest, staleReason } from "../src/cli/bundle.js";
import { canMeasureChildren, repeatChild, runChild } from "./child_cpu.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPEATS = 5;
const SYSTEM_NODE = "/usr/bin/node";

export interface StartupRecord {
  name: "startup";
  command: string;
  kernel: null;
  /** Median over the repeats; cpu_s_min / wall_s_min the best. */
  cpu_s: number;
  cpu_s_min: number;
  wall_s: number;
  wall_s_min: number;
  repeats: number;
  steps_per_s: null;
  bytes_per_folio: null;
}

interface Case {
  readonly command: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}

/** The four short commands of issue 13, as arguments of bin/pinsim.js. */
const SHORT: readonly (readonly string[])[] = [
  ["--help"],
  ["versions"],
  ["run", "pkvm-mlock-onfault", "--runs", "1"],
  // Finds the violation in its first few executions: mostly start-up.
  ["check", "pkvm-mlock-onfault"],
];

function cases(): Case[] {
  const node = process.execPath;
  const main = join(root, "src", "cli", "main.ts");
  const bin = join(root, "bin", "pinsim.js");
  const out: Case[] = [
    { command: "node -e 0 (Node alone)", file: node, args: ["-e", "0"] },
    { command: "node src/cli/main.ts --help", file: node, args: [main, "--help"] },
  ];
  for (const args of SHORT) {
    const line = `node bin/pinsim.js ${args.join(" ")}`;
    out.push({ command: line, file: node, args: [bin, ...args] });
    if (args[0] === "--help") continue; // never uses the bundle: the same path twice
    out.push({
      command: `${line} (PINSIM_BUNDLE=0)`,
      file: node,
      args: [bin, ...args],
      env: { PINSIM_BUNDLE: "0" },
    });
  }
  if (existsSync(SYSTEM_NODE)) {
    out.push({ command: `${SYSTEM_NODE} bin/pinsim.js --help`, file: SYSTEM_NODE, args: [bin, "--help"] });
  }
  out.push({ command: "npx pinsim --help", file: "npx", args: ["--no-install", "pinsim", "--help"] });
  out.push({ command: "npx -c true (npx alone)", file: "npx", args: ["--no-install", "-c", "true"] });
  return out;
}

/** Builds the CLI bundle if it is stale, as a user's second command finds it (noted when it cannot). */
async function freshBundle(): Promise<void> {
  const dir = bundleDir(root);
  if (staleReason(readManifest(dir), root, dir) !== null) await buildCliBundle(root, dir);
  const reason = staleReason(readManifest(dir), root, dir);
  if (reason !== null)
    process.stderr.write(`bench startup: no CLI bundle (${reason}): all from the sources\n`);
}

export async function benchStartup(): Promise<StartupRecord[]> {
  if (!canMeasureChildren()) return [];
  await freshBundle();
  const all = cases();
  for (const c of all) runChild(c.file, c.args, root, c.env); // warm-up: fills the compile cache
  const cpu = all.map(() => [] as number[]);
  const wall = all.map(() => [] as number[]);
  for (let round = 0; round < REPEATS; round++) {
    all.forEach((c, i) => {
      const r = runChild(c.file, c.args, root, c.env);
      cpu[i]!.push(r.cpu_s);
      wall[i]!.push(r.wall_s);
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return all.map((c, i) => ({
    name: "startup",
    command: c.command,
    kernel: null,
    cpu_s: median(cpu[i]!),
    cpu_s_min: Math.min(...cpu[i]!),
    wall_s: median(wall[i]!),
    wall_s_min: Math.min(...wall[i]!),
    repeats: REPEATS,
    steps_per_s: null,
    bytes_per_folio: null,
  }));
}

export interface CompareCostRecord {
  name: "compare-cost";
  kernel: string;
  /** CPU per run: the slope between the two run counts (min over repeats at each). */
  cpu_ms_per_run: number;
  /** CPU of the command beyond its runs: start-up, loading, the report. */
  fixed_cpu_s: number;
  runs: readonly [number, number];
  /** Best CPU and wall time at each run count. */
  cpu_s_by_runs: readonly [number, number];
  wall_s_by_runs: readonly [number, number];
  /** Those of the larger run count. */
  cpu_s: number;
  wall_s: number;
  steps_per_s: null;
  bytes_per_folio: null;
}

export function benchCompareCost(small = 100, large = 1000): CompareCostRecord[] {
  if (!canMeasureChildren()) return [];
  const bin = join(root, "bin", "pinsim.js");
  const at = (runs: number) =>
    repeatChild(
      process.execPath,
      [
        bin,
        "compare",
        "pkvm-mlock-onfault",
        "--kernels",
        "v6.15",
        "--runs",
        String(runs),
        "--workers",
        "1",
        "--quiet",
      ],
      root,
      3,
    );
  const a = at(small);
  const b = at(large);
  const perRun_s = (b.cpu_s_min - a.cpu_s_min) / (large - small);
  return [
    {
      name: "compare-cost",
      kernel: "v6.15",
      cpu_ms_per_run: perRun_s * 1000,
      fixed_cpu_s: a.cpu_s_min - small * perRun_s,
      runs: [small, large],
      cpu_s_by_runs: [a.cpu_s_min, b.cpu_s_min],
      wall_s_by_runs: [a.wall_s_min, b.wall_s_min],
      cpu_s: b.cpu_s_min,
      wall_s: b.wall_s_min,
      steps_per_s: null,
      bytes_per_folio: null,
    },
  ];
}

if (import.meta.main)
  console.log(JSON.stringify([...(await benchStartup()), ...benchCompareCost()], null, 2));
