// npm run bench: every benchmark, as JSON records on stdout and in bench/results/latest.json.
// Each pin-1m runs in a child process of its own so that its memory figure is not polluted.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runEngine1k } from "./engine_1k.ts";

const here = dirname(fileURLToPath(import.meta.url));

interface BenchRecord {
  name: string;
  kernel: string | null;
  wall_s: number;
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

function engine1k(): BenchRecord {
  runEngine1k(1000, 200_000); // warm-up: JIT tiers, heap sizing
  const r = runEngine1k();
  return { name: "engine-1k", kernel: null, steps_per_s: r.events_per_s, bytes_per_folio: null, ...r };
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

async function main(): Promise<void> {
  const records: BenchRecord[] = [engine1k(), pin1m("v6.15"), pin1m("v6.17")];
  records.push(...(await optional("runs_1000.ts", "benchRuns1000")));
  records.push(...(await optional("check.ts", "benchCheck")));
  records.push(...(await optional("check_scaling.ts", "benchCheckScaling")));
  records.push(...(await optional("queue.ts", "benchQueue")));
  const json = `${JSON.stringify(records, null, 2)}\n`;
  mkdirSync(join(here, "results"), { recursive: true });
  writeFileSync(join(here, "results", "latest.json"), json);
  process.stdout.write(json);
}

await main();
