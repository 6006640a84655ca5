// Replay tokens: one line that reproduces a counterexample exactly. Versioned; names the scenario
// as the user named it (a built-in or a path) with a digest of its content, the kernel spec, the
// small size, the time policy, the property and the schedule (zigzag varints). A checksum over the
// body catches a token damaged in copying.
// Format: "pc2" + base64url(JSON) + "." + 8 hex digits of checksum.

import type { TimerPolicy } from "../engine/explore/executor.ts";

export interface ReplaySpec {
  /** The scenario as named on the command line: a built-in name or a path. */
  readonly scenario: string;
  /** scenarioDigest() of the scenario the token was made from. */
  readonly digest: string;
  readonly kernel: string;
  readonly cpus: number;
  readonly folios: number;
  readonly repeats: number;
  readonly timers: TimerPolicy;
  /** The property the schedule violates. */
  readonly property: string;
  readonly decisions: readonly number[];
}

export class BadTokenError extends Error {
  override name = "BadTokenError";
}

const PREFIX = "pc2";
const VERSION = 2;
const MAX_TOKEN_CHARS = 1 << 20;

export function encodeReplayToken(s: ReplaySpec): string {
  const body = {
    v: VERSION,
    m: s.scenario,
    h: s.digest,
    k: s.kernel,
    c: s.cpus,
    f: s.folios,
    r: s.repeats,
    t: s.timers === "idle" ? "i" : "a",
    p: s.property,
    s: Buffer.from(encodeVarints(s.decisions)).toString("base64url"),
  };
  const encoded = Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
  return `${PREFIX}${encoded}.${checksum(encoded)}`;
}

export function decodeReplayToken(token: string): ReplaySpec {
  if (token.startsWith("pc1"))
    throw new BadTokenError(
      "this token was made by an older pinsim (format pc1), whose check models are gone: check the scenario again",
    );
  if (!token.startsWith(PREFIX))
    throw new BadTokenError(`not a pinsim replay token (expected it to start with "${PREFIX}")`);
  if (token.length > MAX_TOKEN_CHARS)
    throw new BadTokenError("the replay token is longer than any pinsim writes");
  const dot = token.lastIndexOf(".");
  const encoded = dot < 0 ? "" : token.slice(PREFIX.length, dot);
  if (dot < 0 || token.slice(dot + 1) !== checksum(encoded))
    throw new BadTokenError(
      "the replay token is damaged (its checksum does not match): copy the whole line again",
    );
  const body = parseBody(encoded);
  if (body.v !== VERSION)
    throw new BadTokenError(`replay token version ${String(body.v)}; this pinsim reads version ${VERSION}`);
  const str = (key: string): string => {
    if (typeof body[key] !== "string") throw new BadTokenError(`the replay token lacks "${key}"`);
    return body[key] as string;
  };
  const int = (key: string): number => {
    if (!Number.isSafeInteger(body[key]) || (body[key] as number) < 0)
      throw new BadTokenError(`the replay token lacks "${key}"`);
    return body[key] as number;
  };
  return {
    scenario: str("m"),
    digest: str("h"),
    kernel: str("k"),
    cpus: int("c"),
    folios: int("f"),
    repeats: int("r"),
    timers: str("t") === "a" ? "sleeps-any-time" : "idle",
    property: str("p"),
    decisions: decodeVarints(Buffer.from(str("s"), "base64url")),
  };
}

function parseBody(encoded: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    throw new BadTokenError("the replay token is damaged (not base64url JSON)");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new BadTokenError("the replay token is damaged (its body is not an object)");
  return body as Record<string, unknown>;
}

/** FNV-1a of the encoded body, 8 hex digits. */
function checksum(encoded: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < encoded.length; i++) h = Math.imul(h ^ encoded.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
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
