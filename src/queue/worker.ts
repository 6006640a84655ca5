// The working side of the queue: a BullMQ worker that runs each job with the handler of its
// kind, stores the result under the job's key, then completes the job. A job is refused (failed
// once, never retried) when no handler knows its kind, when it was made by another pinsim build,
// or when its handler throws. A worker that dies holding a job loses its lock; after
// lock_ms another worker's stalled-job check puts the job back, and it runs again from the start.

import { type ConnectionOptions, type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type JobHandler, QueueInputError } from "./job.ts";
import { PROGRESS_TTL_S, progressKey, QUEUE_NAME, RESULT_TTL_S } from "./keys.ts";
import { connectRedis, redisOptions } from "./redis.ts";
import type { JobData } from "./runner.ts";
import { parseQueueUrl } from "./url.ts";
import { codeVersion } from "./version.ts";

/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 250;
/** A job stalled (its worker died) this many times fails instead of running again. */
const MAX_STALLED = 3;

export interface ServeOptions {
  /** How long a job's lock lasts without renewal: how soon a dead worker's job runs elsewhere. */
  readonly lock_ms: number;
  readonly log: (line: string) => void;
}

export interface Serving {
  /**
   * Finishes the job in hand, then stops; when that cannot be done within CLOSE_GRACE_MS (Redis
   * is gone, so the result cannot be stored) the job is dropped: its lock expires and another
   * worker runs it.
   */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 10_000;

export async function serveQueue(
  url: string,
  handlers: readonly JobHandler[],
  o: ServeOptions,
): Promise<Serving> {
  const addr = parseQueueUrl(url);
  codeVersion(); // now, from the source this process loaded, not later from a tree that changed since
  const redis = await connectRedis(addr, "forever"); // QueueInputError when nothing answers
  const { options, connected } = redisOptions(addr, "forever");
  connected();
  const worker = new Worker(QUEUE_NAME, (job: Job) => runJob(job, handlers, redis), {
    connection: { ...options, lazyConnect: false } as ConnectionOptions,
    concurrency: 1, // a job runs on this thread: more at once would only take turns
    lockDuration: o.lock_ms,
    stalledInterval: o.lock_ms,
    maxStalledCount: MAX_STALLED,
    autorun: true,
  });
  let down = false;
  worker.on("error", (e: Error) => {
    if (!down) o.log(`lost Redis at ${addr.text} (${e.message}); reconnecting`);
    down = true;
  });
  worker.on("ready", () => {
    if (down) o.log(`Redis at ${addr.text} is back`);
    down = false;
  });
  worker.on("failed", (job: Job | undefined, e: Error) =>
    o.log(`job ${job?.id ?? "?"} failed: ${e.message}`),
  );
  await worker.waitUntilReady().catch((e: Error) => {
    throw new QueueInputError(`--queue ${addr.text}: ${e.message}`);
  });
  return {
    async close() {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise((resolve) => {
        timer = setTimeout(resolve, CLOSE_GRACE_MS);
      });
      await Promise.race([worker.close(), grace]);
      clearTimeout(timer);
      redis.disconnect();
      void worker.close(true).catch(() => {}); // with Redis gone this never settles: not awaited
    },
  };
}

async function runJob(job: Job, handlers: readonly JobHandler[], redis: Redis): Promise<null> {
  const handler = handlers.find((h) => h.kind === job.name);
  if (handler === undefined) throw new UnrecoverableError(`no handler for jobs of kind "${job.name}"`);
  const data = job.data as JobData;
  if (data.version !== codeVersion()) {
    throw new UnrecoverableError(
      `made by pinsim ${data.version}, but this worker runs ${codeVersion()}: run the same pinsim on both sides`,
    );
  }
  const key = data.key;
  let last_ms = 0;
  const progress = (done: number) => {
    const now_ms = Date.now();
    if (now_ms - last_ms < PROGRESS_EVERY_MS) return;
    last_ms = now_ms;
    redis.set(progressKey(key), String(done), "EX", PROGRESS_TTL_S).catch(() => {});
  };
  let result: unknown;
  try {
    result = await handler.run(data.payload, progress);
  } catch (e) {
    throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
  }
  await redis.set(key, JSON.stringify(result), "EX", RESULT_TTL_S);
  await redis.del(progressKey(key));
  return null;
}
