// `pinsim check <scenario> --kernel K`: model-check a scenario's small configuration. Exit 1 when
// a property is violated, 0 when not, 2 on bad input. The wall clock is read here only, for
// --max-seconds and the timing line; the exploration itself never sees it.

import { type CheckRequest, type CheckResult, runCheck } from "../../check/check.ts";
import { estimateCheck } from "../../check/estimate.ts";
import type { FingerprintMode } from "../../check/fingerprint.ts";
import { CheckInputError } from "../../check/target.ts";
import type { TimerPolicy } from "../../engine/explore/executor.ts";
import type { StrategyName } from "../../engine/explore/stats.ts";
import { rulesAreBuiltin } from "../../kernel/decisions.ts";
import { parseQueueUrl } from "../../queue/url.ts";
import { jsonDocument } from "../../report/json.ts";
import { formatCheck, formatEstimate } from "../../report/text/check.ts";
import type { PropertySpec } from "../../scenarios/scenario.ts";
import { type CommandSpec, type Parsed, UsageError, usageLine } from "../args.ts";
import { checkProgress } from "../check_progress.ts";
import { resolveCheckTarget } from "../check_target.ts";
import type { Command, ExitCode, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { PATCH_MODULE_OPTION } from "../patch_module.ts";
import { QUEUE_EXIT_TEXT, QUEUE_OPTION, withQueue } from "../queue_option.ts";

registerInputError(CheckInputError);

const SPEC: CommandSpec = {
  name: "check",
  summary:
    "Model-check a scenario's small configuration: exhaustive (dfs, dpor) or randomized (pct, random) interleavings.",
  positionals: [
    { name: "<scenario>", help: "built-in scenario name (pinsim scenarios) or path to a .yaml file" },
  ],
  options: [
    PATCH_MODULE_OPTION,
    {
      name: "kernel",
      type: "string",
      valueName: "KERNEL",
      help: "kernel, e.g. v6.15 or v6.15+hugh-refcount-check (default: the scenario's)",
    },
    {
      name: "strategy",
      type: "string",
      choices: ["dpor", "dfs", "pct", "random"],
      default: "dpor",
      help: "exploration strategy",
    },
    { name: "max-preemptions", type: "int", min: 0, help: "preemption bound (default: none)" },
    {
      name: "max-executions",
      type: "int",
      min: 1,
      default: 1_000_000,
      help: "stop after this many executions",
    },
    {
      name: "max-seconds",
      type: "number",
      min: 0,
      valueName: "SECONDS",
      help: "stop after this much wall-clock time",
    },
    {
      name: "cpus",
      type: "int",
      min: 1,
      valueName: "N",
      help: "CPUs of the small machine; the tasks' CPUs fold onto them (default: one per CPU the tasks use)",
    },
    {
      name: "folios",
      type: "int",
      min: 1,
      valueName: "N",
      help: "folios per region (default: the scenario's check: folios, else 1)",
    },
    {
      name: "repeats",
      type: "int",
      min: 1,
      valueName: "N",
      help: "repetitions kept of each actor's operation and each program repeat (default 1)",
    },
    { name: "seed", type: "int", default: 1, help: "seed of pct and random" },
    // Each execution draws d - 1 change points; bugs of depth past a handful are not what PCT finds.
    { name: "depth", type: "int", min: 1, max: 100, default: 3, help: "PCT bug depth d" },
    {
      name: "timers",
      type: "string",
      choices: ["idle", "sleeps-any-time"],
      default: "idle",
      help: "when sleeps and timeouts end",
    },
    {
      name: "max-outer-retries",
      type: "int",
      min: 0,
      help: "also check: no pin takes more than N outer retries",
    },
    {
      name: "max-global-drains-per-pin",
      type: "int",
      min: 0,
      help: "also check: no pin calls lru_add_drain_all() more than N times",
    },
    {
      name: "state-cache",
      type: "string",
      choices: ["steps", "history"],
      help: "dfs: prune states already explored (steps: approximate; history: sound)",
    },
    { name: "stop-at-first", type: "boolean", help: "stop at the first violation" },
    {
      name: "estimate",
      type: "boolean",
      help: "predict the executions and time of an exhaustive run, then stop",
    },
    { name: "json", type: "boolean", help: "machine-readable output" },
    { ...QUEUE_OPTION, help: `pct and random: ${QUEUE_OPTION.help}` },
  ],
  examples: [
    "pinsim check pkvm-mlock-onfault --kernel v6.15 --folios 1",
    "pinsim check pkvm-mlock-onfault --kernel v6.17 --folios 2 --estimate",
    "pinsim check gpu-transient-refs --kernel v6.18 --strategy pct --max-executions 10000",
  ],
  exitCodes: [
    "0 no violation in any interleaving of the small configuration (complete)",
    "1 a property was violated: a shrunk counterexample and the pinsim replay line are printed",
    "2 bad input: scenario, kernel, option or size",
    "3 no violation found, but the exploration was bounded or cut short: not a proof",
    QUEUE_EXIT_TEXT,
  ],
};

export const checkCommand: Command = {
  spec: SPEC,
  run(args, io) {
    return args.options.estimate ? estimate(args, io) : check(args, io);
  },
};

function request(args: Parsed): CheckRequest {
  const o = args.options;
  const maxSeconds = o["max-seconds"] as number | undefined;
  const t0 = performance.now();
  const target = resolveCheckTarget(args.positionals[0]!, o.kernel as string | undefined, {
    cpus: o.cpus as number | undefined,
    folios: o.folios as number | undefined,
    repeats: o.repeats as number | undefined,
  });
  return {
    target,
    strategy: o.strategy as StrategyName,
    maxPreemptions: (o["max-preemptions"] as number | undefined) ?? Number.POSITIVE_INFINITY,
    maxExecutions: o["max-executions"] as number,
    seed: o.seed as number,
    pctDepth: o.depth as number,
    timers: o.timers as TimerPolicy,
    stateCache: o["state-cache"] as FingerprintMode | undefined,
    stopOnViolation: o["stop-at-first"] === true,
    properties: extraProperties(args),
    timeUp: maxSeconds === undefined ? undefined : () => performance.now() - t0 >= maxSeconds * 1000,
  };
}

function extraProperties(args: Parsed): PropertySpec[] {
  const out: PropertySpec[] = [];
  const retries = args.options["max-outer-retries"] as number | undefined;
  const drains = args.options["max-global-drains-per-pin"] as number | undefined;
  if (retries !== undefined) out.push({ kind: "max-outer-retries", value: retries });
  if (drains !== undefined) out.push({ kind: "max-global-drains-per-pin", value: drains });
  return out;
}

async function check(args: Parsed, io: Io): Promise<ExitCode> {
  const progress = checkProgress(io);
  const base = request(args);
  const queue = args.options.queue as string | undefined;
  if (queue !== undefined) checkQueueable(args, base);
  progress.setEstimate(progressEstimate(base, io));
  const t0 = performance.now();
  let first_s: number | null = null;
  const req: CheckRequest = {
    ...base,
    onFirstViolation: () => (first_s = (performance.now() - t0) / 1000),
    onExecution: (n) => progress.onExecution(n),
  };
  const result =
    queue === undefined ? runCheck(req) : await onQueue(queue, req, (done) => progress.onExecution(done));
  progress.done();
  const timing = { wall_s: (performance.now() - t0) / 1000, firstViolation_s: first_s as number | null };
  io.out(args.options.json ? jsonDocument({ ...result, timing }) : formatCheck(result, timing));
  return checkExitCode(result);
}

async function onQueue(
  url: string,
  req: CheckRequest,
  onProgress: (done: number) => void,
): Promise<CheckResult> {
  const { runCheckOnQueue } = await import("../../check/queue_jobs.ts");
  return withQueue(url, (q) => runCheckOnQueue(req, q.runner, onProgress));
}

/** What --queue can spread: the randomized strategies, without a wall-clock budget or local rules. */
function checkQueueable(args: Parsed, req: CheckRequest): void {
  parseQueueUrl(args.options.queue as string); // a malformed URL fails here, before any work
  const bad = (why: string) => new UsageError(`--queue: ${why}`, usageLine(SPEC));
  if (req.strategy !== "pct" && req.strategy !== "random")
    throw bad(
      `--strategy ${req.strategy} explores one tree in one process; only pct and random split (docs/queue.md)`,
    );
  if (args.options["max-seconds"] !== undefined)
    throw bad("--max-seconds would make the answer depend on the machines; give --max-executions");
  if (!rulesAreBuiltin(req.target.config))
    throw bad(`kernel ${req.target.config.name} uses rules from --patch-module, which workers do not load`);
}

/** Probing for the progress line's total stops after this long: the check itself matters more. */
const PROGRESS_PROBE_S = 0.5;
const PROGRESS_PROBES = 40;

/**
 * The total the progress line counts towards: for the exhaustive strategies a quick Knuth estimate
 * of the DFS tree (an upper bound for DPOR), for the sampling ones the execution cap. Only on a
 * terminal: elsewhere there is no progress line and no probing.
 */
function progressEstimate(req: CheckRequest, io: Io): number | null {
  if (!io.errIsTty) return null;
  if (req.strategy === "pct" || req.strategy === "random") return req.maxExecutions;
  const t0 = performance.now();
  const est = estimateCheck(
    { ...req, timeUp: () => performance.now() - t0 >= PROGRESS_PROBE_S * 1000 },
    PROGRESS_PROBES,
  );
  return Math.min(est.executions, req.maxExecutions);
}

/**
 * 1 violated; 0 no violation in a complete exploration (a proof for this small configuration);
 * 3 no violation found, but the exploration was bounded or cut short: not a proof.
 */
export function checkExitCode(r: CheckResult): ExitCode {
  if (r.violated) return 1;
  return isProof(r) ? 0 : 3;
}

export function isProof(r: CheckResult): boolean {
  return r.stats.complete && r.stats.stoppedBy === "exhausted" && r.maxPreemptions === null;
}

/** Walking stops after this long unless --max-seconds says otherwise. */
const ESTIMATE_DEFAULT_S = 3;

function estimate(args: Parsed, io: Io): ExitCode {
  const t0 = performance.now();
  const req = request(args);
  const est = estimateCheck({
    ...req,
    timeUp: req.timeUp ?? (() => performance.now() - t0 >= ESTIMATE_DEFAULT_S * 1000),
  });
  const probe_s = (performance.now() - t0) / 1000;
  const perEvent_s = est.probeEvents > 0 ? probe_s / est.probeEvents : 0;
  const predicted_s = est.executions * est.eventsPerExecution * perEvent_s;
  const out = { ...est, probe_s, predicted_s };
  io.out(args.options.json ? jsonDocument(out) : formatEstimate(out));
  return 0;
}
