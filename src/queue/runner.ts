// The submitting side of the queue: a JobRunner over BullMQ. Stored results are reused; the rest
// are added as BullMQ jobs whose id is their result key (so two commands asking for the same
// job share one run, and commands asking for different things never see each other's), then
// results are collected from their keys as workers store them. Redis is polled, not listened
// to, so a Redis that restarts and loses its data costs a re-added job, never a lost one.

import { type Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type JobRunner, type JobSpec, QueueJobError, QueueLostError } from "./job.ts";
import { progressKey, QUEUE_NAME } from "./keys.ts";
import { connectRedis, reconnectWindow_ms } from "./redis.ts";
import { parseQueueUrl, type QueueAddress } from "./url.ts";
import { codeVersion } from "./version.ts";

const POLL_MS = 250;
/** Job states are read every this many polls (results and progress every poll). */
const STATE_EVERY = 8;
/** A failed job is kept this long for `bullmq` tools to show; the submitter removes it first. */
const FAILED_KEEP_S = 3600;

/** What a BullMQ job carries: the handler's payload and the version that must run it. */
export interface JobData {
  readonly version: string;
  /** The result key (BullMQ ids may not contain ":", so the id is jobIdOf(key)). */
  readonly key: string;
  readonly payload: unknown;
}

/** The BullMQ job id of a result key. */
export function jobIdOf(key: string): string {
  return key.replaceAll(":", "/");
}

export class QueueRunner implements JobRunner {
  private readonly redis: Redis;
  private readonly queue: Queue;
  private readonly addr: QueueAddress;
  private lost: Error | null = null;

  private constructor(addr: QueueAddress, redis: Redis) {
    this.addr = addr;
    this.redis = redis;
    this.queue = new Queue(QUEUE_NAME, { connection: redis });
    this.queue.on("error", () => {}); // the same connection: its errors are handled below
    redis.on("end", () => {
      this.lost ??= new Error("the connection closed");
    });
  }

  /** Connects to `url` (QueueInputError, exit 2, when it is malformed or nothing answers). */
  static async open(url: string): Promise<QueueRunner> {
    const addr = parseQueueUrl(url);
    return new QueueRunner(addr, await connectRedis(addr, "bounded"));
  }

  async run(
    jobs: readonly JobSpec[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<unknown[]> {
    try {
      return await this.collectAll(jobs, onProgress);
    } catch (e) {
      // Only a connection that is gone is "lost"; anything else is what it is.
      if (e instanceof QueueJobError || (this.lost === null && this.redis.status === "ready")) throw e;
      throw this.lostError(e);
    }
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => {});
    this.redis.disconnect();
  }

  private async collectAll(
    jobs: readonly JobSpec[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<unknown[]> {
    const results: unknown[] = new Array(jobs.length);
    const pending = new Set(jobs.map((_, i) => i));
    const total = jobs.reduce((n, j) => n + j.size, 0);
    let shown = 0;
    await this.collect(jobs, pending, results);
    await this.enqueue(jobs.filter((_, i) => pending.has(i)));
    for (let tick = 1; pending.size > 0; tick++) {
      await sleep(POLL_MS);
      if (this.lost !== null) throw this.lost;
      await this.collect(jobs, pending, results);
      if (pending.size > 0 && tick % STATE_EVERY === 0) await this.checkStates(jobs, pending, results);
      const done = await this.progress(jobs, pending);
      shown = Math.max(shown, done); // a retried job starts again from 0: keep the bar still
      onProgress?.(shown, total);
    }
    onProgress?.(total, total);
    return results;
  }

  /** Takes the stored results of pending jobs. */
  private async collect(jobs: readonly JobSpec[], pending: Set<number>, results: unknown[]): Promise<void> {
    const idx = [...pending];
    if (idx.length === 0) return;
    const values = await this.redis.mget(idx.map((i) => jobs[i]!.key));
    values.forEach((v, n) => {
      if (v === null) return;
      results[idx[n]!] = JSON.parse(v);
      pending.delete(idx[n]!);
    });
  }

  private async enqueue(jobs: readonly JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    const version = codeVersion();
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: j.kind,
        data: { version, key: j.key, payload: j.payload } satisfies JobData,
        opts: {
          jobId: jobIdOf(j.key),
          // A handler that throws would throw again: one attempt. A worker that dies is another
          // matter: BullMQ's stalled-job check hands its job to another worker.
          attempts: 1,
          removeOnComplete: true,
          removeOnFail: { age: FAILED_KEEP_S },
        },
      })),
    );
  }

  /** Failed jobs end the command; jobs Redis no longer knows (it restarted empty) are re-added. */
  private async checkStates(
    jobs: readonly JobSpec[],
    pending: Set<number>,
    results: unknown[],
  ): Promise<void> {
    const idx = [...pending];
    const states = await Promise.all(idx.map((i) => this.queue.getJobState(jobIdOf(jobs[i]!.key))));
    const failed = idx.filter((_, n) => states[n] === "failed");
    if (failed.length > 0) throw await this.failure(jobs[failed[0]!]!);
    const unknown = idx.filter((_, n) => states[n] === "unknown");
    if (unknown.length === 0) return;
    // Finished and removed between the two reads, or lost: the result key tells which.
    await this.collect(jobs, pending, results);
    await this.enqueue(unknown.filter((i) => pending.has(i)).map((i) => jobs[i]!));
  }

  private async failure(spec: JobSpec): Promise<QueueJobError> {
    const job: Job | undefined = await this.queue.getJob(jobIdOf(spec.key));
    const reason = job?.failedReason ?? "no reason recorded";
    // Removed, so that the next command runs it again rather than finding this failure.
    await job?.remove().catch(() => {});
    return new QueueJobError(
      `a ${spec.kind} job failed on a worker (not retried): ${reason}\n  job ${spec.key}`,
    );
  }

  private async progress(jobs: readonly JobSpec[], pending: Set<number>): Promise<number> {
    let done = jobs.reduce((n, j, i) => (pending.has(i) ? n : n + j.size), 0);
    const idx = [...pending];
    if (idx.length === 0) return done;
    const values = await this.redis.mget(idx.map((i) => progressKey(jobs[i]!.key)));
    values.forEach((v, n) => {
      if (v !== null) done += Math.min(Number(v), jobs[idx[n]!]!.size);
    });
    return done;
  }

  private lostError(e: unknown): QueueLostError {
    const why = e instanceof Error ? e.message : String(e);
    return new QueueLostError(
      `lost the queue's Redis at ${this.addr.text} (${why}) and it did not come back within ` +
        `${reconnectWindow_ms() / 1000} s. Results finished so far are kept in Redis (unless it lost its ` +
        "data): the same command, run again, reuses them.",
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
