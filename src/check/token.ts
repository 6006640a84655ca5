// Replay tokens: one line that reproduces a counterexample exactly. Versioned; names the scenario
// as the user named it (a built-in or a path) with a digest of its content, the kernel spec, the
// small size, the time policy, the property and the schedule (zigzag varints). A checksum over the
// body catches a token damaged in copying.
// Format: "pc2" + base64url(JSON) + "." + 8 hex digits of checksum. Decoding is strict, so a
// hand-edited token is refused with a reason rather than replayed as something else.

import { clip } from "../engine/clip.ts";
import type { TimerPolicy } from "../engine/explore/executor.ts";
import { decodeBase64url, encodeBase64url } from "./base64url.ts";

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
    s: encodeBase64url(Uint8Array.from(encodeVarints(s.decisions))),
  };
  const encoded = encodeBase64url(new TextEncoder().encode(JSON.stringify(body)));
  return `${PREFIX}${encoded}.${checksum(encoded)}`;
}

/** Far above any real token (a schedule of MAX_DECISIONS decisions), far below trouble. */
const MAX_TOKEN_CHARS = 1 << 16;
const MAX_DECISIONS = 20_000;
const MAX_NAME_CHARS = 200;
/** A scenario is named by its path when it is not a built-in. */
const MAX_PATH_CHARS = 4096;
const BODY_KEYS = ["v", "m", "h", "k", "c", "f", "r", "t", "p", "s"] as const;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * A token back to its spec. The checksum catches a token damaged in copying; past it the decode
 * is strict as well: canonical base64url of UTF-8 JSON, exactly the fields above with the right
 * types and ranges, a canonical varint schedule. Anything else is a BadTokenError.
 */
export function decodeReplayToken(token: string): ReplaySpec {
  if (token.startsWith("pc1"))
    throw new BadTokenError(
      "this token was made by an older pinsim (format pc1), whose check models are gone: check the scenario again",
    );
  if (!token.startsWith(PREFIX))
    throw new BadTokenError(`not a pinsim replay token (expected it to start with "${PREFIX}")`);
  if (token.length > MAX_TOKEN_CHARS)
    throw new BadTokenError(`the replay token is ${token.length} characters long; real ones are far shorter`);
  const dot = token.lastIndexOf(".");
  const encoded = dot < 0 ? "" : token.slice(PREFIX.length, dot);
  if (dot < 0 || token.slice(dot + 1) !== checksum(encoded))
    throw new BadTokenError(
      "the replay token is damaged (its checksum does not match): copy the whole line again",
    );
  const body = parseBody(canonicalBase64url(encoded, "the replay token"));
  if (body.v !== VERSION)
    throw new BadTokenError(
      `replay token version ${clip(String(body.v))}; this pinsim reads version ${VERSION}`,
    );
  for (const key of Object.keys(body)) {
    if (!(BODY_KEYS as readonly string[]).includes(key))
      throw new BadTokenError(`the replay token has an unknown field "${clip(key)}"`);
  }
  const t = name(body, "t");
  if (t !== "i" && t !== "a")
    throw new BadTokenError(`the replay token's time policy "${clip(t)}" is not i or a`);
  return {
    scenario: name(body, "m", 1, MAX_PATH_CHARS),
    digest: name(body, "h"),
    kernel: name(body, "k"),
    cpus: count(body, "c"),
    folios: count(body, "f"),
    repeats: count(body, "r"),
    timers: t === "a" ? "sleeps-any-time" : "idle",
    property: name(body, "p"),
    decisions: decodeVarints(
      canonicalBase64url(name(body, "s", 0, MAX_TOKEN_CHARS), "the replay token's schedule"),
    ),
  };
}

function canonicalBase64url(text: string, what: string): Uint8Array {
  const bytes = decodeBase64url(text);
  if (!BASE64URL.test(text) || encodeBase64url(bytes) !== text)
    throw new BadTokenError(`${what} is damaged (not base64url)`);
  return bytes;
}

function parseBody(bytes: Uint8Array): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new BadTokenError("the replay token is damaged (not UTF-8 JSON)");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new BadTokenError("the replay token is damaged (not a JSON object)");
  return body as Record<string, unknown>;
}

function name(body: Record<string, unknown>, key: string, min = 1, max = MAX_NAME_CHARS): string {
  const v = body[key];
  if (typeof v !== "string" || v.length < min || v.length > max)
    throw new BadTokenError(`the replay token lacks "${key}" (a string of ${min}..${max} characters)`);
  return v;
}

function count(body: Record<string, unknown>, key: string): number {
  const v = body[key];
  if (!Number.isSafeInteger(v) || (v as number) < 1)
    throw new BadTokenError(`the replay token lacks "${key}" (a whole number >= 1)`);
  return v as number;
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

/** 7 bytes of 7 bits hold any zigzag value encodeVarints writes (below 2^49 here). */
const MAX_VARINT_BYTES = 7;

function decodeVarints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let z = 0;
  let scale = 1;
  let length = 0;
  for (const b of bytes) {
    z += (b & 0x7f) * scale;
    length++;
    if (b & 0x80) {
      if (length === MAX_VARINT_BYTES)
        throw new BadTokenError("the replay token's schedule has an oversized number");
      scale *= 128;
      continue;
    }
    // A final 0 byte after others is an overlong encoding encodeVarints never writes.
    if (b === 0 && length > 1) throw new BadTokenError("the replay token's schedule is not canonical");
    if (out.length === MAX_DECISIONS) throw new BadTokenError("the replay token's schedule is too long");
    out.push(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    z = 0;
    scale = 1;
    length = 0;
  }
  if (scale !== 1) throw new BadTokenError("the replay token's schedule is truncated");
  return out;
}
