// npm run bench: every benchmark, as JSON records on stdout and in bench/results/latest.json.
// Each pin-1m runs in a child process of its own so that its memory figure is not polluted.
// Every record carries cpu_s (process.cpuUsage, or the child's CPU) beside wall_s: the machines
// are shared, and CPU time is the figure that holds still. engine-1k runs side by side with the
// same benchmark in SimPy (bench/engine_1k_simpy.py), when Debian's python3-simpy3 is installed.
// `node bench/run.ts engine-1k startup` runs only the groups named (and writes no latest.json);
// the groups: engine-1k, startup, compare-cost, check.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type EngineBenchResult, runEngine1k } from "./engine_1k.ts";
import { benchCompareCost, benchStartup } from "./startup.ts";

const here = dirname(fileURLToPath(import.meta.url));

interface BenchRecord {
  name: string;
  kernel: string | null;
  wall_s: number;
  /** CPU time over the same span as wall_s (this process's threads, or the child's). */
  cpu_s: number;
  steps_per_s: number | null;
  bytes_per_folio: number | null;
  [more: string]: unknown;
}

function pin1m(kernel: string): BenchRecord {
  const out = execFileSync(process.execPath, ["--expose-gc", join(here, "pin_1m.ts"), kernel], {
    encoding: "utf8",
  });
  return JSON.parse(out.trim()) as BenchRecord;
}

/** The Python that has Debian's python3-simpy3 (the first python3 on PATH may be another). */
const SIMPY_PYTHON = "/usr/bin/python3";
const REPEATS = 5;

function median<T>(xs: readonly T[], key: (x: T) => number): T {
  return [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
}

/** engine-1k, and SimPy's run of the same benchmark interleaved with it: REPEATS each, the medians. */
function engine1k(): BenchRecord[] {
  // Warm-up: three whole runs. A process's first runs are 15-30% slower (optimised code replaced
  // once field types settle, the young generation and heap growing): a 200k-event warm-up left
  // two of three measured repeats in that phase. SimPy, an interpreter, has no such phase.
  for (let i = 0; i < 3; i++) runEngine1k();
  const ours: EngineBenchResult[] = [];
  const simpy: BenchRecord[] = [];
  let skipped: string | null = null;
  for (let i = 0; i < REPEATS; i++) {
    ours.push(runEngine1k());
    if (skipped !== null) continue;
    const r = spawnSync(SIMPY_PYTHON, [join(here, "engine_1k_simpy.py")], { encoding: "utf8" });
    if (r.status !== 0) skipped = `${SIMPY_PYTHON} cannot run SimPy (apt-get install python3-simpy3)`;
    else
      simpy.push({ name: "engine-1k-simpy", kernel: null, bytes_per_folio: null, ...JSON.parse(r.stdout) });
  }
  const e = median(ours, (r) => r.events_per_cpu_s);
  const best = Math.max(...ours.map((r) => r.events_per_cpu_s));
  const record: BenchRecord = {
    name: "engine-1k",
    kernel: null,
    steps_per_s: e.events_per_s,
    bytes_per_folio: null,
    ...e,
    events_per_cpu_s_best: best,
    repeats: REPEATS,
  };
  if (skipped !== null)
    return [
      record,
      {
        name: "engine-1k-simpy",
        kernel: null,
        wall_s: 0,
        cpu_s: 0,
        steps_per_s: null,
        bytes_per_folio: null,
        skipped,
      },
    ];
  const s = median(simpy, (r) => r.events_per_cpu_s as number);
  record.vs_simpy_cpu = e.events_per_cpu_s / (s.events_per_cpu_s as number);
  record.vs_simpy_cpu_best = best / Math.max(...simpy.map((r) => r.events_per_cpu_s as number));
  return [record, { ...s, steps_per_s: s.events_per_s as number, repeats: REPEATS }];
}

/** Benchmarks other parts of pinsim contribute, loaded if present. */
async function optional(file: string, fn: string): Promise<BenchRecord[]> {
  const path = join(here, file);
  if (!existsSync(path)) return [];
  const mod = (await import(path)) as Record<
    string,
    () => Promise<BenchRecord | BenchRecord[]> | BenchRecord | BenchRecord[]
  >;
  const r = await mod[fn]!();
  return Array.isArray(r) ? r : [r];
}

/** `node bench/run.ts engine-1k startup`: only those groups, printed, latest.json left as it is. */
async function only(groups: readonly string[]): Promise<void> {
  const known: Record<string, () => BenchRecord[] | Promise<BenchRecord[]>> = {
    "engine-1k": engine1k,
    startup: async () => (await benchStartup()).map((r) => ({ ...r })),
    "compare-cost": () => benchCompareCost().map((r) => ({ ...r })),
    check: async () => [
      ...(await optional("check.ts", "benchCheckSteady")),
      ...(await optional("check.ts", "benchCheck")),
    ],
  };
  const records: BenchRecord[] = [];
  for (const g of groups) {
    const run = known[g];
    if (run === undefined)
      throw new Error(`bench/run.ts: no group ${g}; groups: ${Object.keys(known).join(", ")}`);
    records.push(...(await run()));
  }
  process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
}

async function main(): Promise<void> {
  const groups = process.argv.slice(2);
  if (groups.length > 0) return only(groups);
  const records: BenchRecord[] = [...engine1k(), pin1m("v6.15"), pin1m("v6.17")];
  records.push(
    ...(await benchStartup()).map((r) => ({ ...r })),
    ...benchCompareCost().map((r) => ({ ...r })),
  );
  records.push(...(await optional("runs_1000.ts", "benchRuns1000")));
  records.push(...(await optional("check.ts", "benchCheckSteady")));
  records.push(...(await optional("check.ts", "benchCheck")));
  records.push(...(await optional("check_scaling.ts", "benchCheckScaling")));
  records.push(...(await optional("queue.ts", "benchQueue")));
  const json = `${JSON.stringify(records, null, 2)}\n`;
  mkdirSync(join(here, "results"), { recursive: true });
  writeFileSync(join(here, "results", "latest.json"), json);
  process.stdout.write(json);
}

await main();
