// The seam between the work and where it runs. lab/ and check/ cut their work into jobs (plain
// JSON, each named by a key of its content) and hand them to a JobRunner; a worker process runs
// them with the JobHandler of their kind. This file loads nothing: the BullMQ transport
// (runner.ts, worker.ts) is imported only when a command is given --queue.

/** One unit of work as it crosses machines. */
export interface JobSpec {
  /** The handler that runs it (a JobHandler's kind). */
  readonly kind: string;
  /** Names the result: same key, same result (keys.ts says what goes into one). */
  readonly key: string;
  /** Plain JSON, everything the handler needs. */
  readonly payload: unknown;
  /** Units of progress it stands for (runs, executions). */
  readonly size: number;
}

export interface JobRunner {
  /** Runs every job (or reuses a stored result) and gives the results in the jobs' order. */
  run(jobs: readonly JobSpec[], onProgress?: (done: number, total: number) => void): Promise<unknown[]>;
}

/** What a worker runs for jobs of one kind. */
export interface JobHandler {
  readonly kind: string;
  /**
   * The job's result as plain JSON; `progress` takes units done so far. An error the user's input
   * caused (a run over --max-steps) is a result too, so that it is stored and shown like a local
   * run's; a throw means the job itself is bad, and it fails once, without retries.
   */
  run(payload: unknown, progress: (done: number) => void): Promise<unknown>;
}

/** `--queue` names no usable Redis: a malformed URL or nothing answering there (exit 2). */
export class QueueInputError extends Error {
  override name = "QueueInputError";
}

/** A job failed on a worker (its payload was refused or its handler threw): exit 2. */
export class QueueJobError extends Error {
  override name = "QueueJobError";
}

/** Redis went away mid-command and did not come back in time (exit 75, EX_TEMPFAIL). */
export class QueueLostError extends Error {
  override name = "QueueLostError";
}

/** The exit status of QueueLostError: a temporary failure, the same command resumes. */
export const QUEUE_LOST_EXIT = 75 as const;
