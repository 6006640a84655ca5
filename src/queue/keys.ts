// Where a job's result lives in Redis. A key names the job's whole content: the scenario (its
// content, not its path), the kernel config, the seed or execution range, the rest of the
// request (limits, checks, strategy), and pinsim's version with a digest of its source, so a
// result is reused only by a command that would compute the very same thing.

import { createHash } from "node:crypto";

/** The BullMQ queue every pinsim command and worker share; jobs are told apart by their keys. */
export const QUEUE_NAME = "pinsim";
const PREFIX = "pinsim";
/** How long a stored result is kept for reuse. */
export const RESULT_TTL_S = 7 * 24 * 3600;
/** A job's progress counter outlives a stalled worker only briefly. */
export const PROGRESS_TTL_S = 3600;

export interface KeyParts {
  readonly version: string;
  readonly kind: string;
  readonly scenario: unknown;
  readonly config: unknown;
  /** "first+count" of the seeds or executions. */
  readonly range: string;
  /** Everything else the result depends on. */
  readonly rest: unknown;
}

/** pinsim:r:<version>:<kind>:<scenario digest>:<config digest>:<range>:<rest digest> */
export function resultKey(p: KeyParts): string {
  return [PREFIX, "r", p.version, p.kind, digest(p.scenario), digest(p.config), p.range, digest(p.rest)].join(
    ":",
  );
}

/** The key a job's running count of done units is kept under while it runs. */
export function progressKey(key: string): string {
  return `${PREFIX}:p:${key.slice(`${PREFIX}:r:`.length)}`;
}

/** 64 bits of SHA-256 of the value's JSON, in hex. */
export function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}
