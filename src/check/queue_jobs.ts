// A randomized check (pct, random) on a queue (--queue): the executions are cut into index
// ranges, each a job; the parts merge in execution order (check.ts mergeParts), exactly as if one
// process had run them all. Uniform random executions are independent. PCT's are not quite: its
// estimate of k (the longest execution so far) and n (tasks) is carried from one execution to the
// next, so a range's start state is guessed (from one execution run here), checked against the
// end state of the range before it once results are in, and the ranges after a wrong guess run
// again from the right one. k stops growing early, so this rarely costs a second round.

import type { RandomState } from "../engine/explore/random_walk.ts";
import { initialRandomState } from "../engine/explore/random_walk.ts";
import { configFromWire, configToWire } from "../kernel/decisions.ts";
import type { JobHandler, JobRunner, JobSpec } from "../queue/job.ts";
import { resultKey } from "../queue/keys.ts";
import { codeVersion } from "../queue/version.ts";
import {
  type CheckPart,
  type CheckRequest,
  type CheckResult,
  checkPart,
  checkResult,
  mergeParts,
} from "./check.ts";

export const CHECK_RANGE_KIND = "check-range";
const JOBS_TARGET = 64;
const MIN_CHUNK = 100;
const MAX_CHUNK = 50_000;
/** A worker yields to its event loop (lock renewal, progress) every this many executions. */
const SLICE_EXECUTIONS = 20;

/** The request as JSON: no callbacks, no Infinity, the kernel's rules by name. */
type RequestWire = Omit<
  CheckRequest,
  "timeUp" | "onFirstViolation" | "onExecution" | "maxPreemptions" | "maxExecutions"
> & { readonly maxPreemptions: number | null };

interface RangePayload {
  readonly req: RequestWire;
  readonly first: number;
  readonly count: number;
  readonly state: RandomState;
}

/** Runs a pct or random check's executions as jobs on `runner`; the result is runCheck's. */
export async function runCheckOnQueue(
  req: CheckRequest,
  runner: JobRunner,
  onProgress?: (done: number, total: number) => void,
): Promise<CheckResult> {
  const wire = requestWire(req);
  const chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(req.maxExecutions / JOBS_TARGET)));
  const ranges: { first: number; count: number }[] = [];
  for (let first = 0; first < req.maxExecutions; first += chunk)
    ranges.push({ first, count: Math.min(chunk, req.maxExecutions - first) });
  const pct = req.strategy === "pct";
  const guess = pct ? probeState(req) : initialRandomState();
  const starts = ranges.map((_, j) => (j === 0 ? initialRandomState() : guess));
  const run = async (from: number): Promise<CheckPart[]> => {
    const specs = ranges.slice(from).map((r, j) => rangeSpec(wire, { ...r, state: starts[from + j]! }));
    return (await runner.run(specs, onProgress)) as CheckPart[];
  };
  const parts = await run(0);
  const stops = req.stopOnViolation === true;
  for (let wrong = pct ? firstWrongStart(parts, starts, stops) : -1; wrong !== -1; ) {
    for (let j = wrong; j < ranges.length; j++) starts[j] = parts[wrong - 1]!.state!;
    parts.splice(wrong, parts.length - wrong, ...(await run(wrong)));
    wrong = firstWrongStart(parts, starts, stops);
  }
  const stop = { onViolation: req.stopOnViolation === true, maxExecutions: req.maxExecutions };
  return checkResult(req, mergeParts(req.strategy, parts, stop));
}

/** PCT's state after the first execution: the guess for where every later range starts. */
function probeState(req: CheckRequest): RandomState {
  const probe = { ...req, shrink: false, onExecution: undefined, onFirstViolation: undefined };
  return checkPart(probe, { first: 0, count: 1, state: initialRandomState() }).state!;
}

/** The first range whose start state is not where the range before it ended, or -1. */
function firstWrongStart(
  parts: readonly CheckPart[],
  starts: readonly RandomState[],
  stops: boolean,
): number {
  for (let j = 1; j < parts.length; j++) {
    if (stops && parts[j - 1]!.firstViolation !== null) return -1; // the check ends there
    const end = parts[j - 1]!.state!;
    if (end.steps_k !== starts[j]!.steps_k || end.tasks_n !== starts[j]!.tasks_n) return j;
  }
  return -1;
}

function requestWire(req: CheckRequest): RequestWire {
  const { timeUp, onFirstViolation, onExecution, maxExecutions, ...rest } = req;
  const target = { ...req.target, config: configToWire(req.target.config) };
  const maxPreemptions = Number.isFinite(req.maxPreemptions) ? req.maxPreemptions : null;
  return { ...rest, target, maxPreemptions };
}

function rangeSpec(req: RequestWire, range: { first: number; count: number; state: RandomState }): JobSpec {
  const { target, ...rest } = req;
  const key = resultKey({
    version: codeVersion(),
    kind: CHECK_RANGE_KIND,
    scenario: { ...target, config: null },
    config: target.config,
    range: `${range.first}+${range.count}`,
    rest: { ...rest, state: range.state },
  });
  return {
    kind: CHECK_RANGE_KIND,
    key,
    payload: { req, ...range } satisfies RangePayload,
    size: range.count,
  };
}

export const CHECK_RANGE_HANDLER: JobHandler = {
  kind: CHECK_RANGE_KIND,
  async run(payload, progress) {
    const p = checkedPayload(payload);
    const req: CheckRequest = {
      ...p.req,
      target: { ...p.req.target, config: configFromWire(p.req.target.config) },
      maxPreemptions: p.req.maxPreemptions ?? Number.POSITIVE_INFINITY,
      maxExecutions: p.count,
    };
    const parts: CheckPart[] = [];
    const known = new Set<string>();
    let state = p.state;
    for (let first = p.first; first < p.first + p.count; first += SLICE_EXECUTIONS) {
      const count = Math.min(SLICE_EXECUTIONS, p.first + p.count - first);
      const part = checkPart(req, { first, count, state }, known);
      parts.push(part);
      state = part.state!;
      for (const c of part.counterexamples) known.add(c.property);
      progress(first + count - p.first);
      if (req.stopOnViolation && part.firstViolation !== null) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return mergeParts(req.strategy, parts, {
      onViolation: req.stopOnViolation === true,
      maxExecutions: p.count,
    });
  },
};

function checkedPayload(payload: unknown): RangePayload {
  const p = payload as Partial<RangePayload> | null;
  const wrong = (what: string) => new Error(`not a check-range job: ${what}`);
  if (typeof p !== "object" || p === null || typeof p.req !== "object" || p.req === null)
    throw wrong("no request");
  if (p.req.strategy !== "pct" && p.req.strategy !== "random")
    throw wrong(`strategy ${String(p.req.strategy)}`);
  const t = p.req.target as { small?: { scenario?: { name?: unknown } } } | undefined;
  if (typeof t?.small?.scenario?.name !== "string") throw wrong("no small configuration of a scenario");
  if (!Number.isSafeInteger(p.first) || !Number.isSafeInteger(p.count) || (p.count as number) < 1)
    throw wrong("first/count are not whole numbers");
  if (typeof p.state?.steps_k !== "number" || typeof p.state?.tasks_n !== "number")
    throw wrong("no PCT state");
  return p as RangePayload;
}
