// jobs.ts's jobs on a queue (--queue): each job becomes a JobSpec whose key names its content,
// and FOLD_HANDLER runs one on a worker. Loaded only by commands given --queue and by
// `pinsim worker`.

import { configFromWire, configToWire } from "../../kernel/decisions.ts";
import type { JobHandler, JobRunner, JobSpec } from "../../queue/job.ts";
import { resultKey } from "../../queue/keys.ts";
import { codeVersion } from "../../queue/version.ts";
import { seedOfRun } from "../run/seeds.ts";
import { emptyFold } from "./aggregate.ts";
import { foldRangeInto } from "./fold_range.ts";
import { foldOfReply, type Job, replyOf, type Spread } from "./jobs.ts";

export const FOLD_KIND = "fold";
/** A queue job is a message and a poll away: big enough that this is small beside it. */
const MIN_CHUNK = 50;
const MAX_CHUNK = 2000;
const JOBS_TARGET = 64;
/** A worker yields to its event loop (lock renewal, progress) every this many runs. */
const SLICE_RUNS = 25;

/** Jobs on `runner`: about JOBS_TARGET of them, so a few dozen workers all get work. */
export function queueSpread(runner: JobRunner): Spread {
  return {
    execute: async (jobs, _total, onProgress) =>
      (await runner.run(jobs.map(foldJobSpec), onProgress)).map((r) => foldOfReply(r as never)),
    chunk: (totalRuns) => Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(totalRuns / JOBS_TARGET))),
  };
}

export function foldJobSpec(job: Job): JobSpec {
  const config = configToWire(job.config);
  const key = resultKey({
    version: codeVersion(),
    kind: FOLD_KIND,
    scenario: job.scenario,
    config,
    range: `${seedOfRun(job.base, job.first)}+${job.count}`,
    rest: { base: job.base, limits: job.limits ?? null, invariants: job.invariants ?? null },
  });
  return { kind: FOLD_KIND, key, payload: { ...job, config }, size: job.count };
}

export const FOLD_HANDLER: JobHandler = {
  kind: FOLD_KIND,
  async run(payload, progress) {
    const job = checkedJob(payload);
    const config = configFromWire(job.config);
    const fold = emptyFold(config.name, job.scenario.properties);
    try {
      for (let first = job.first; first < job.first + job.count; first += SLICE_RUNS) {
        const count = Math.min(SLICE_RUNS, job.first + job.count - first);
        foldRangeInto(fold, job.scenario, config, { ...job, first, count });
        progress(first + count - job.first);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      return replyOf(null, e);
    }
    return replyOf(fold);
  },
};

/** The payload as a Job, or an error naming what is wrong with it (the job then fails once). */
function checkedJob(payload: unknown): Job {
  const p = payload as Partial<Job> | null;
  const wrong = (what: string) => new Error(`not a fold job: ${what}`);
  if (typeof p !== "object" || p === null) throw wrong("the payload is not an object");
  const s = p.scenario as { name?: unknown; tasks?: unknown; actors?: unknown } | undefined;
  if (typeof s !== "object" || s === null || typeof s.name !== "string")
    throw wrong("no scenario with a name");
  if (!Array.isArray(s.tasks) || !Array.isArray(s.actors))
    throw wrong(`scenario "${s.name}" has no tasks/actors`);
  if (typeof p.config !== "object" || p.config === null || typeof p.config.name !== "string")
    throw wrong("no kernel config");
  for (const f of ["base", "first", "count"] as const) {
    const v = p[f];
    if (!Number.isSafeInteger(v) || (v as number) < 0) throw wrong(`${f} is not a whole number >= 0`);
  }
  return p as Job;
}
