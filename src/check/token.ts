// Replay tokens: one line that reproduces a counterexample exactly. Versioned; names the model
// (never an index, so adding or editing other models leaves old tokens working), the kernel
// spec, the size overrides, the time policy, the property and the schedule (zigzag varints).
// Format: "pc1" + base64url(JSON).

import type { TimerPolicy } from "../engine/explore/executor.ts";

export interface ReplaySpec {
  readonly model: string;
  readonly kernel: string;
  readonly cpus: number;
  readonly folios: number;
  readonly timers: TimerPolicy;
  /** The property the schedule violates. */
  readonly property: string;
  readonly decisions: readonly number[];
}

export class BadTokenError extends Error {
  override name = "BadTokenError";
}

const PREFIX = "pc1";
const VERSION = 1;

export function encodeReplayToken(s: ReplaySpec): string {
  const body = {
    v: VERSION,
    m: s.model,
    k: s.kernel,
    c: s.cpus,
    f: s.folios,
    t: s.timers === "idle" ? "i" : "a",
    p: s.property,
    s: Buffer.from(encodeVarints(s.decisions)).toString("base64url"),
  };
  return PREFIX + Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

export function decodeReplayToken(token: string): ReplaySpec {
  if (!token.startsWith(PREFIX))
    throw new BadTokenError(`not a pinsim replay token (expected it to start with "${PREFIX}")`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(Buffer.from(token.slice(PREFIX.length), "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  } catch {
    throw new BadTokenError("the replay token is damaged (not base64url JSON)");
  }
  if (body.v !== VERSION)
    throw new BadTokenError(`replay token version ${String(body.v)}; this pinsim reads version ${VERSION}`);
  const str = (key: string): string => {
    if (typeof body[key] !== "string") throw new BadTokenError(`the replay token lacks "${key}"`);
    return body[key] as string;
  };
  const int = (key: string): number => {
    if (!Number.isInteger(body[key])) throw new BadTokenError(`the replay token lacks "${key}"`);
    return body[key] as number;
  };
  return {
    model: str("m"),
    kernel: str("k"),
    cpus: int("c"),
    folios: int("f"),
    timers: str("t") === "a" ? "sleeps-any-time" : "idle",
    property: str("p"),
    decisions: decodeVarints(Buffer.from(str("s"), "base64url")),
  };
}

function encodeVarints(values: readonly number[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    while (z >= 0x80) {
      out.push((z & 0x7f) | 0x80);
      z = Math.floor(z / 128);
    }
    out.push(z);
  }
  return out;
}

function decodeVarints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let z = 0;
  let scale = 1;
  for (const b of bytes) {
    z += (b & 0x7f) * scale;
    if (b & 0x80) {
      scale *= 128;
      continue;
    }
    out.push(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    z = 0;
    scale = 1;
  }
  if (scale !== 1) throw new BadTokenError("the replay token's schedule is truncated");
  return out;
}
