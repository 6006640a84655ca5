// Connections to the --queue Redis. Connecting is bounded (a wrong host or port fails in about
// two seconds, exit 2, never a hang); once connected, a command's connection rides out a Redis
// restart of up to RECONNECT_WINDOW_MS and then gives up (QueueLostError, exit 75), while a
// worker's reconnects for as long as it runs.

import { Redis, type RedisOptions } from "ioredis";
import { QueueInputError } from "./job.ts";
import { parseQueueUrl, type QueueAddress } from "./url.ts";

const CONNECT_TIMEOUT_MS = 2000;
const CONNECT_TRIES = 3;
const RETRY_DELAY_MS = 250;
/** How long a command waits for a Redis that went away to come back (PINSIM_QUEUE_RECONNECT_S). */
export function reconnectWindow_ms(): number {
  const s = Number(process.env.PINSIM_QUEUE_RECONNECT_S);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 15_000;
}
const WORKER_RETRY_MAX_MS = 2000;

export type Reconnect = "bounded" | "forever";

/** ioredis options for `addr`, and the call that switches from connecting to reconnecting. */
export function redisOptions(
  addr: QueueAddress,
  mode: Reconnect,
): { options: RedisOptions; connected(): void } {
  let ready = false;
  const window_ms = reconnectWindow_ms();
  const options: RedisOptions = {
    host: addr.host,
    port: addr.port,
    db: addr.db,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Commands wait while reconnecting; retryStrategy decides how long that may be.
    maxRetriesPerRequest: null,
    lazyConnect: true,
    retryStrategy(times: number): number | null {
      if (!ready) return times < CONNECT_TRIES ? RETRY_DELAY_MS : null;
      if (mode === "forever") return Math.min(times * RETRY_DELAY_MS, WORKER_RETRY_MAX_MS);
      return times * RETRY_DELAY_MS <= window_ms ? RETRY_DELAY_MS : null;
    },
  };
  return { options, connected: () => (ready = true) };
}

/** A connected client, or QueueInputError naming the address and what went wrong. */
export async function connectRedis(addr: QueueAddress, mode: Reconnect): Promise<Redis> {
  const { options, connected } = redisOptions(addr, mode);
  const redis = new Redis(options);
  let lastError: Error | null = null;
  redis.on("error", (e: Error) => {
    lastError = e;
  });
  redis.on("ready", connected);
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    const why = (lastError ?? (e as Error)).message;
    throw new QueueInputError(`--queue ${addr.text}: cannot reach Redis there (${why})`);
  }
  return redis;
}

/** Fails as connectRedis does when `url` names no Redis that answers; else returns at once. */
export async function probeQueue(url: string): Promise<void> {
  const redis = await connectRedis(parseQueueUrl(url), "bounded");
  redis.disconnect();
}
