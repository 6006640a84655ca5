// npm run fuzz [-- --n 10000 --seed 1 --jobs 2 --timeout-s 20 --memory-mib 1536 --max-seconds 3600]
//
// Mutated built-in scenarios through `pinsim run` (load, checks, one short run), each in a worker
// process with a time and memory budget. Prints the count of each class (clean error, ran,
// crash, hang) and a reproducer for every case of the last two, and writes a JSON record like
// the benchmarks' to bench/results/fuzz.json. Exit 1 if anything crashed or hung.

import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Prng } from "../../src/engine/prng.ts";
import { builtinNames, builtinPath } from "../../src/scenarios/builtin.ts";
import type { CaseClass, CaseResult } from "./case.ts";
import { mutateScenario } from "./mutate.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

interface Options {
  n: number;
  seed: number;
  jobs: number;
  timeout_s: number;
  memory_mib: number;
  max_seconds: number;
}

function options(argv: string[]): Options {
  const o: Options = { n: 10_000, seed: 1, jobs: 2, timeout_s: 20, memory_mib: 1536, max_seconds: 3600 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!.replace(/^--/, "").replaceAll("-", "_") as keyof Options;
    const v = Number(argv[i + 1]);
    if (!(key in o) || !Number.isFinite(v) || v <= 0) {
      process.stderr.write(`fuzz: bad option ${argv[i]} ${argv[i + 1] ?? ""}\n`);
      process.exit(2);
    }
    o[key] = v;
  }
  return o;
}

interface Finding {
  readonly index: number;
  readonly class: CaseClass;
  readonly message: string;
  readonly file: string;
}

/** The text of case `i`: a function of (seed, i) alone, so any one case regenerates on its own. */
export function caseText(seed: number, i: number, texts: readonly string[]): string {
  const rng = new Prng(seed, i + 1);
  const base = texts[rng.nextInt(texts.length)]!;
  return mutateScenario(base, { int: (n) => rng.nextInt(n) }, texts);
}

/** One worker process, restarted after a case kills it. */
class Slot {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private readonly memory_mib: number;

  constructor(memory_mib: number) {
    this.memory_mib = memory_mib;
  }

  private start(): Promise<void> {
    const child = fork(join(here, "child.ts"), [], {
      execArgv: [`--max-old-space-size=${this.memory_mib}`],
      stdio: ["ignore", "ignore", "ignore", "ipc"],
    });
    this.child = child;
    return new Promise((resolve) => child.once("message", () => resolve()));
  }

  async run(id: number, file: string, timeout_s: number): Promise<CaseResult> {
    this.ready ??= this.start();
    await this.ready;
    const child = this.child!;
    return new Promise<CaseResult>((resolve) => {
      const finish = (r: CaseResult, kill: boolean) => {
        clearTimeout(timer);
        clearInterval(poll);
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (kill) {
          child.kill("SIGKILL");
          this.ready = null;
        }
        resolve(r);
      };
      const onMessage = (m: CaseResult & { id: number }) => {
        if (m.id === id) finish(m, false);
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.ready = null;
        finish(
          { class: "crash", code, message: `worker died (${signal ?? code})`, positioned: false },
          false,
        );
      };
      const timer = setTimeout(
        () =>
          finish(
            { class: "hang", code: null, message: `no answer in ${timeout_s}s`, positioned: false },
            true,
          ),
        timeout_s * 1000,
      );
      const poll = setInterval(() => {
        const rss_mib = rssMib(child.pid!);
        if (rss_mib > this.memory_mib * 1.5)
          finish(
            { class: "crash", code: null, message: `out of memory (RSS ${rss_mib} MiB)`, positioned: false },
            true,
          );
      }, 100);
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send({ id, file });
    });
  }

  stop(): void {
    this.child?.kill("SIGKILL");
  }
}

function rssMib(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** What the cases came to: counts per class, the kinds of unpositioned errors, the findings. */
class Tally {
  readonly counts: Record<CaseClass, number> = { "clean-error": 0, ran: 0, crash: 0, hang: 0 };
  /** Clean errors without FILE:LINE:COL (about the scenario as a whole), by kind of message. */
  readonly unpositioned = new Map<string, number>();
  readonly findings: Finding[] = [];
  done = 0;

  add(i: number, r: CaseResult, file: string): void {
    this.counts[r.class]++;
    this.done++;
    if (r.class === "clean-error" && !r.positioned) {
      const kind = r.message
        .replace(/^pinsim run: [^:]*: /, "")
        .replace(/[0-9][0-9.e]*/g, "N")
        .slice(0, 70);
      this.unpositioned.set(kind, (this.unpositioned.get(kind) ?? 0) + 1);
    }
    if (r.class === "crash" || r.class === "hang")
      this.findings.push({ index: i, class: r.class, message: r.message, file });
    else rmSync(file);
  }

  get unpositionedCount(): number {
    return [...this.unpositioned.values()].reduce((a, b) => a + b, 0);
  }
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const texts = builtinNames().map((n) => readFileSync(builtinPath(n), "utf8"));
  const dir = mkdtempSync(join(tmpdir(), "pinsim-fuzz-"));
  const tally = new Tally();
  const t0 = performance.now();
  let next = 0;
  const slots = Array.from({ length: o.jobs }, () => new Slot(o.memory_mib));
  const timeUp = () => performance.now() - t0 > o.max_seconds * 1000;
  await Promise.all(
    slots.map(async (slot) => {
      while (next < o.n && !timeUp()) {
        const i = next++;
        const file = join(dir, `case-${i}.yaml`);
        writeFileSync(file, caseText(o.seed, i, texts));
        tally.add(i, await slot.run(i, file, o.timeout_s), file);
        if (tally.done % 500 === 0)
          process.stderr.write(`fuzz: ${tally.done}/${o.n} ${JSON.stringify(tally.counts)}\n`);
      }
    }),
  );
  for (const s of slots) s.stop();
  report(o, tally, (performance.now() - t0) / 1000, dir);
  process.exit(tally.counts.crash + tally.counts.hang > 0 ? 1 : 0);
}

function report(o: Options, t: Tally, wall_s: number, dir: string): void {
  const c = t.counts;
  const lines = [
    `fuzz: ${t.done} of ${o.n} cases (seed ${o.seed}) in ${wall_s.toFixed(1)} s`,
    `  clean error ${c["clean-error"]} (${t.unpositionedCount} about the scenario as a whole, without FILE:LINE:COL)`,
    `  ran         ${c.ran}`,
    `  crash       ${c.crash}`,
    `  hang        ${c.hang}`,
  ];
  for (const [kind, n] of t.unpositioned) lines.push(`    ${String(n).padStart(5)}  ${kind}`);
  if (t.findings.length > 0) lines.push("", "reproducers (pinsim run FILE --quiet):");
  for (const f of t.findings) lines.push(`  ${f.class} case ${f.index}: ${f.file}`, `    ${f.message}`);
  if (t.findings.length === 0) rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${lines.join("\n")}\n`);
  const record = {
    name: "fuzz",
    kernel: null,
    wall_s,
    steps_per_s: null,
    bytes_per_folio: null,
    cases: t.done,
    cases_per_s: t.done / wall_s,
    seed: o.seed,
    timeout_s: o.timeout_s,
    memory_mib: o.memory_mib,
    counts: { ...c, clean_error_without_position: t.unpositionedCount },
    unpositioned: Object.fromEntries(t.unpositioned),
    findings: t.findings.map((f) => ({ index: f.index, class: f.class, message: f.message })),
  };
  mkdirSync(join(root, "bench", "results"), { recursive: true });
  writeFileSync(join(root, "bench", "results", "fuzz.json"), `${JSON.stringify(record, null, 2)}\n`);
}

if (import.meta.main) await main();
