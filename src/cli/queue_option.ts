// The --queue option of run, compare and check: the work goes to `pinsim worker` processes
// through BullMQ on Redis. BullMQ and ioredis are imported here, lazily, only when the option is
// given: a command without it loads neither.

import { type JobRunner, QueueInputError, QueueJobError } from "../queue/job.ts";
import { parseQueueUrl } from "../queue/url.ts";
import { registerInputError } from "./input_error.ts";

registerInputError(QueueInputError);
registerInputError(QueueJobError);

/** A malformed --queue URL fails here, before any work, as bad input (exit 2). */
export function checkQueueUrl(url: string): void {
  parseQueueUrl(url);
}

export interface OpenQueue {
  readonly runner: JobRunner;
  close(): Promise<void>;
}

/** Connects to the queue (exit 2 when the URL is malformed or nothing answers there). */
export async function openQueue(url: string): Promise<OpenQueue> {
  const { QueueRunner } = await import("../queue/runner.ts");
  const runner = await QueueRunner.open(url);
  return { runner, close: () => runner.close() };
}

/** Runs `body` with the queue open, and closes it however `body` ends. */
export async function withQueue<T>(url: string, body: (q: OpenQueue) => Promise<T>): Promise<T> {
  const q = await openQueue(url);
  try {
    return await body(q);
  } finally {
    await q.close();
  }
}
