// The playground's state in a URL query string and back. Opening a link reproduces the run it
// names: `?scenario=pkvm-mlock-onfault&kernels=v6.15,v6.17&runs=200&seed=1`, or `yaml=` with the
// scenario text in base64url (UTF-8) instead of `scenario=`. Decoding never throws: what it cannot
// read falls back to the default and is named in `problems`, for the page to show.

import { decodeBase64url, encodeBase64url } from "../check/base64url.ts";
import { DEFAULT_STATE, MAX_RUNS, MAX_SEED, type PlaygroundState, type ScenarioChoice } from "./state.ts";

export interface DecodedLink {
  readonly state: PlaygroundState;
  readonly problems: readonly string[];
}

export function encodeLink(s: PlaygroundState): string {
  const q = new URLSearchParams();
  if (s.scenario.kind === "builtin") q.set("scenario", s.scenario.name);
  else q.set("yaml", toBase64Url(s.scenario.text));
  q.set("kernels", s.kernels.join(","));
  q.set("runs", String(s.runs));
  q.set("seed", String(s.seed));
  return `?${q.toString()}`;
}

/** `builtins`: the built-in scenario names a `scenario=` may give. */
export function decodeLink(search: string, builtins: readonly string[]): DecodedLink {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const scenario = readScenario(q, builtins, problems);
  const kernels = readKernels(q.get("kernels"), problems);
  const runs = readInt(q.get("runs"), "runs", 1, MAX_RUNS, DEFAULT_STATE.runs, problems);
  const seed = readInt(q.get("seed"), "seed", 0, MAX_SEED, DEFAULT_STATE.seed, problems);
  return { state: { scenario, kernels, runs, seed }, problems };
}

/** Whether a query string names any input (a bare page opens with the defaults and does not run). */
export function linkNamesInputs(search: string): boolean {
  const q = new URLSearchParams(search);
  return ["scenario", "yaml", "kernels", "runs", "seed"].some((k) => q.has(k));
}

function readScenario(q: URLSearchParams, builtins: readonly string[], problems: string[]): ScenarioChoice {
  const yaml = q.get("yaml");
  const name = q.get("scenario");
  if (yaml !== null) {
    const text = fromBase64Url(yaml);
    if (text !== null) return { kind: "yaml", text };
    problems.push("yaml: not base64url-encoded UTF-8 text; showing the default scenario");
  } else if (name !== null) {
    if (builtins.includes(name)) return { kind: "builtin", name };
    problems.push(`scenario: no built-in scenario named "${name}" (built-ins: ${builtins.join(", ")})`);
  }
  return DEFAULT_STATE.scenario;
}

function readKernels(text: string | null, problems: string[]): readonly string[] {
  if (text === null) return DEFAULT_STATE.kernels;
  const names = text
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  if (names.length > 0) return names;
  problems.push("kernels: empty; expected kernel names separated by commas, e.g. v6.15,v6.17");
  return DEFAULT_STATE.kernels;
}

function readInt(
  text: string | null,
  key: string,
  min: number,
  max: number,
  fallback: number,
  problems: string[],
): number {
  if (text === null) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  problems.push(`${key}: "${text}" is not a whole number in ${min}..${max}; using ${fallback}`);
  return fallback;
}

export function toBase64Url(text: string): string {
  return encodeBase64url(new TextEncoder().encode(text));
}

/** null when `b64` is not canonical base64url or not UTF-8. */
export function fromBase64Url(b64: string): string | null {
  const bytes = decodeBase64url(b64);
  if (!/^[A-Za-z0-9_-]*$/.test(b64) || encodeBase64url(bytes) !== b64) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
