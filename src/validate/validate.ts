// pinsim validate: the scenario compiled to a static init, booted on a real kernel under QEMU,
// the same scenario run in the model of that kernel, and the two compared pin by pin.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "../scenarios/scenario.ts";
import { resolveKernel } from "../versions/resolve.ts";
import { buildInitramfs } from "./build_init.ts";
import { compareRuns, type MeasureRow } from "./compare.ts";
import { compileScenario } from "./compile.ts";
import { type ConsoleReport, parseConsole, type RealPin } from "./console.ts";
import { ValidateInputError } from "./errors.ts";
import {
  bzImageVersion,
  cacheDir,
  debianPackage,
  fetchDebianKernel,
  type ModelChoice,
  modelFor,
} from "./kernel_image.ts";
import { type ModelPin, modelPins } from "./model.ts";
import { boot } from "./qemu.ts";

export const MEMORY_MIB = 1024;
export const MOVABLE_MIB = 768;

export interface ValidateOptions {
  readonly runs: number;
  readonly seed: number;
  readonly cpus?: number;
  readonly model?: string;
  readonly kernel_image?: string;
  readonly debian_kernel?: string;
  readonly sleep_scale: number;
  /** Print each pin's probe events with stack traces on the console (pinsim.trace). */
  readonly trace: boolean;
  readonly timeout_s?: number;
  /** Where things are: "fetching linux-image-...", "building init", "booting", "runs 2/5". */
  readonly onStage: (stage: string) => void;
}

export interface ValidateResult {
  readonly format: "pinsim.validate";
  readonly version: 1;
  readonly scenario: string;
  readonly kernel: { readonly source: string; readonly path: string; readonly version: string };
  readonly model: ModelChoice;
  readonly runs: number;
  readonly seed: number;
  readonly cpus: number;
  readonly cmdline: string;
  /** What ran as a nearby real path instead of the step's own. */
  readonly mappings: readonly string[];
  readonly boot: {
    readonly first_line_ms: number | null;
    readonly total_ms: number;
    readonly timed_out: boolean;
  };
  readonly console_log: string;
  readonly real: ConsoleReport;
  readonly model_pins: readonly ModelPin[];
  readonly rows: readonly MeasureRow[];
  /** Why the real side is not trustworthy as it stands (timeouts, failed steps, missing runs). */
  readonly problems: readonly string[];
  readonly agree: boolean;
}

interface Image {
  readonly path: string;
  readonly source: string;
}

function kernelImage(o: ValidateOptions): Image {
  if (o.kernel_image !== undefined && o.debian_kernel !== undefined)
    throw new ValidateInputError("--kernel-image and --debian-kernel: give one of them");
  if (o.kernel_image !== undefined) return { path: o.kernel_image, source: o.kernel_image };
  const pkg = debianPackage(o.debian_kernel);
  const path = fetchDebianKernel(pkg, () => o.onStage(`fetching ${pkg}`));
  return { path, source: `debian:${pkg}` };
}

function chooseModel(o: ValidateOptions, version: string): ModelChoice {
  if (o.model !== undefined) {
    resolveKernel(o.model); // an unknown name is bad input, before anything boots
    return { kernel: o.model, why: "--model" };
  }
  const m = modelFor(version);
  if (m === null)
    throw new ValidateInputError(
      `cannot tell which pinsim kernel models "${version}": pass --model K (pinsim versions lists them)`,
    );
  return m;
}

export async function validate(scenario: Scenario, o: ValidateOptions): Promise<ValidateResult> {
  const cpus = o.cpus ?? scenario.machine.cpus;
  const highest = Math.max(...scenario.tasks.map((t) => t.cpu), 0);
  if (highest >= cpus) throw new ValidateInputError(`--cpus ${cpus}: a task runs on CPU ${highest}`);
  const program = compileScenario(scenario, { runs: o.runs, sleep_scale: o.sleep_scale });
  const image = kernelImage(o);
  const version = bzImageVersion(image.path);
  const model = chooseModel(o, version);
  o.onStage("building init");
  const work = join(cacheDir(), "validate");
  mkdirSync(work, { recursive: true });
  const dir = mkdtempSync(join(work, "init-"));
  try {
    const initrd = join(dir, "initrd.gz");
    writeFileSync(initrd, buildInitramfs(program.header, dir));
    const cmdline = [
      "console=ttyS0 quiet panic=-1",
      `movablecore=${MOVABLE_MIB}M transparent_hugepage=never`,
      ...(o.trace ? ["pinsim.trace"] : []),
    ].join(" ");
    const real = await bootAndRead(o, image.path, initrd, cpus, cmdline);
    const consoleLog = join(work, "last-console.log");
    writeFileSync(consoleLog, real.text);
    o.onStage("running the model");
    const modelRuns = modelPins(scenario, model.kernel, o.runs, o.seed);
    const rows = compareRuns(real.report.pins, modelRuns, o.runs);
    const problems = problemsOf(real.report, real.timed_out, o.runs);
    return {
      format: "pinsim.validate",
      version: 1,
      scenario: scenario.name,
      kernel: { source: image.source, path: image.path, version },
      model,
      runs: o.runs,
      seed: o.seed,
      cpus,
      cmdline,
      mappings: program.mappings,
      boot: { first_line_ms: real.first_line_ms, total_ms: real.total_ms, timed_out: real.timed_out },
      console_log: consoleLog,
      real: real.report,
      model_pins: modelRuns,
      rows,
      problems,
      agree: problems.length === 0 && rows.every((r) => r.agree),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RealSide {
  readonly text: string;
  readonly report: ConsoleReport;
  readonly first_line_ms: number | null;
  readonly total_ms: number;
  readonly timed_out: boolean;
}

async function bootAndRead(
  o: ValidateOptions,
  kernel: string,
  initrd: string,
  cpus: number,
  cmdline: string,
): Promise<RealSide> {
  o.onStage("booting");
  const started_ms = Date.now();
  let first_line_ms: number | null = null;
  let ended = 0;
  const b = await boot({
    kernel,
    initrd,
    cpus,
    memory_mib: MEMORY_MIB,
    cmdline,
    timeout_ms: (o.timeout_s ?? 120 + 30 * o.runs) * 1000,
    onLine(line) {
      if (line.includes("PINSIM start")) {
        first_line_ms = Date.now() - started_ms;
        o.onStage(`runs 0/${o.runs}`);
      }
      if (line.includes("PINSIM run-end")) o.onStage(`runs ${++ended}/${o.runs}`);
    },
  });
  return {
    text: b.console,
    report: parseConsole(b.console),
    first_line_ms,
    total_ms: b.elapsed_ms,
    timed_out: b.timed_out,
  };
}

function problemsOf(r: ConsoleReport, timed_out: boolean, runs: number): string[] {
  const p: string[] = [];
  if (r.release === null) p.push("the init never started (no PINSIM start line on the console)");
  if (timed_out) p.push("the guest timed out");
  else if (r.release !== null && !r.done) p.push("the guest stopped before the init was done (a panic?)");
  if (r.runs_ended.length < runs && r.release !== null)
    p.push(`${r.runs_ended.length} of ${runs} runs ended`);
  for (const e of r.runs_ended) if (e.status !== 0) p.push(`run ${e.run} ended with wait status ${e.status}`);
  for (const e of r.step_errors) p.push(`a step failed for real: ${e}`);
  return p;
}

export type { RealPin };
