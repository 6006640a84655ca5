// `pinsim check <scenario> --kernel K`: model-check a scenario's small configuration. Exit 1 when
// a property is violated, 0 when not, 2 on bad input. The wall clock is read here only, for
// --max-seconds and the timing line; the exploration itself never sees it.

import { type CheckRequest, type CheckResult, runCheck } from "../../check/check.ts";
import type { FingerprintMode } from "../../check/fingerprint.ts";
import { CheckInputError } from "../../check/target.ts";
import type { TimerPolicy } from "../../engine/explore/executor.ts";
import type { StrategyName } from "../../engine/explore/stats.ts";
import { rulesAreBuiltin } from "../../kernel/decisions.ts";
import { jsonDocument } from "../../report/json.ts";
import { formatCheck, formatEstimate } from "../../report/text/check.ts";
import type { PropertySpec } from "../../scenarios/scenario.ts";
import { type Parsed, UsageError, usageLine } from "../args.ts";
import { checkProgress } from "../check_progress.ts";
import { resolveCheckTarget } from "../check_target.ts";
import type { Command, ExitCode, Io } from "../command.ts";
import { registerInputError } from "../input_error.ts";
import { CHECK_SPEC } from "../specs/check.ts";

registerInputError(CheckInputError);

// Loaded only when asked for: the estimator (--estimate, or a progress line's total on a terminal)
// and the queue (--queue). A small check is mostly start-up.

export const checkCommand: Command = {
  spec: CHECK_SPEC,
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
  if (queue !== undefined) await checkQueueable(args, base);
  progress.setEstimate(await progressEstimate(base, io));
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
  io.out(
    args.options.json
      ? jsonDocument({ ...result, timing })
      : formatCheck(result, timing, args.options["patch-module"] as string | undefined),
  );
  return checkExitCode(result);
}

async function onQueue(
  url: string,
  req: CheckRequest,
  onProgress: (done: number) => void,
): Promise<CheckResult> {
  const [{ runCheckOnQueue }, { withQueue }] = await Promise.all([
    import("../../check/queue_jobs.ts"),
    import("../queue_option.ts"),
  ]);
  return withQueue(url, (q) => runCheckOnQueue(req, q.runner, onProgress));
}

/** What --queue can spread: the randomized strategies, without a wall-clock budget or local rules. */
async function checkQueueable(args: Parsed, req: CheckRequest): Promise<void> {
  (await import("../queue_option.ts")).checkQueueUrl(args.options.queue as string);
  const bad = (why: string) => new UsageError(`--queue: ${why}`, usageLine(CHECK_SPEC));
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
async function progressEstimate(req: CheckRequest, io: Io): Promise<number | null> {
  if (!io.errIsTty) return null;
  if (req.strategy === "pct" || req.strategy === "random") return req.maxExecutions;
  const { estimateCheck } = await import("../../check/estimate.ts");
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

async function estimate(args: Parsed, io: Io): Promise<ExitCode> {
  const { estimateCheck } = await import("../../check/estimate.ts");
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
