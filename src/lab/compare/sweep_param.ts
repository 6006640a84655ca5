// `--vary PARAM=a..b:n`: which scenario field PARAM names, the values to try, and a copy of the
// scenario with one value applied. PARAM is `<actor name or kind>.<field>` (e.g. `gpu.hold`,
// `pkvm-vcpu.interval`), `machine.<field>`, `costs.<cost name>`, or `stop`.

import { clip } from "../../engine/clip.ts";
import { parseDuration } from "../../engine/units.ts";
import { DEFAULT_COSTS } from "../../kernel/cost_model.ts";
import { type Override, yamlScalar } from "../../scenarios/index.ts";
import type { ActorSpec, Scenario } from "../../scenarios/scenario.ts";

export class VaryError extends Error {
  override readonly name = "VaryError";
}

/** Points of one sweep; each is a whole comparison, so more is never what was meant. */
export const MAX_VARY_POINTS = 1000;

export interface Vary {
  readonly param: string;
  /** The values in the field's unit (ns for durations). */
  readonly values: readonly number[];
  readonly isDuration: boolean;
  /** Values are spaced logarithmically (then charts use a log x axis). */
  readonly log: boolean;
}

/** YAML duration fields and the property that holds them. */
const DURATION_FIELDS: Record<string, string> = { start: "start_ns", interval: "interval_ns", at: "at_ns" };
const HOLD_FIELDS: Record<string, string> = {
  value: "value_ns",
  min: "min_ns",
  max: "max_ns",
  mean: "mean_ns",
  median: "median_ns",
};

export function parseVary(text: string, scenario: Scenario): Vary {
  const eq = text.indexOf("=");
  if (eq < 0)
    throw withParamList(scenario, () => {
      throw new VaryError(`--vary "${clip(text)}": expected PARAM=a..b:n, e.g. gpu.hold=10us..2s:8`);
    });
  const param = text.slice(0, eq);
  const target = withParamList(scenario, () => locate(scenario, param));
  const values = parseRange(text.slice(eq + 1), target.isDuration, target.integer);
  const log = isLogRange(values);
  return { param, values, isDuration: target.isDuration, log };
}

/** Runs `f`; a VaryError it throws gets the parameters this scenario accepts appended. */
function withParamList<T>(scenario: Scenario, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof VaryError)) throw e;
    throw new VaryError(`${e.message}\n  PARAM can be: ${varyParams(scenario).join(", ")}`);
  }
}

/** Every PARAM `--vary` accepts on this scenario, by actor name (an actor's kind works too). */
export function varyParams(scenario: Scenario): string[] {
  const out: string[] = [];
  for (const a of scenario.actors) {
    // The kind reads better ("gpu.hold") and works while only one actor is of that kind.
    const who = scenario.actors.filter((b) => b.kind === a.kind).length === 1 ? a.kind : a.name;
    const fields = a as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === "number" && k !== "cpu") out.push(`${who}.${k.replace(/_ns$/, "")}`);
    }
    const hold = fields.hold as Record<string, unknown> | undefined;
    if (hold !== undefined) {
      out.push(`${who}.hold`);
      for (const k of Object.keys(hold)) if (k !== "dist") out.push(`${who}.hold.${k.replace(/_ns$/, "")}`);
    }
  }
  const machine = scenario.machine as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(machine))
    if (typeof v === "number") out.push(`machine.${k.replace(/_mib$/, "")}`);
  out.push(...Object.keys(DEFAULT_COSTS).map((k) => `costs.${k}`), "stop");
  return out;
}

/** The values of an a,b,c --vary as the user wrote them (checkVary checks those); null for a..b:n. */
export function writtenValues(text: string): unknown[] | null {
  const range = text.slice(text.indexOf("=") + 1);
  return range.includes(",") || !range.includes("..") ? range.split(",").map(yamlScalar) : null;
}

/**
 * Checks every value of `vary` the way the scenario file's own values are checked: `load` reads
 * the file again with the value written in at the field's place (an Override), so a bad value gets
 * the loader's FILE:LINE:COL message, and a value that breaks another field (machine.cpus=1 with
 * an actor on CPU 3) is caught too. `full` is the scenario before --without dropped any actor.
 */
export function checkVary(
  vary: Vary,
  written: readonly unknown[] | null,
  scenario: Scenario,
  full: Scenario,
  load: (o: Override[]) => void,
): void {
  vary.values.forEach((value, i) => {
    const shown = written?.[i] ?? value;
    const o = varyOverride(scenario, full, vary.param, shown);
    try {
      load([o]);
    } catch (e) {
      if (!(e instanceof Error) || e.name !== "ScenarioError") throw e;
      throw new VaryError(`--vary ${clip(vary.param)}=${clip(String(shown))}: ${e.message}`);
    }
    if (vary.isDuration && vary.param !== "stop" && !vary.param.startsWith("costs.")) {
      if (scenario.stop_ns + 12 * value > Number.MAX_SAFE_INTEGER)
        throw new VaryError(
          `--vary ${clip(vary.param)}=${clip(String(shown))}: the run would last until stop.time + 12 x ${value} ns, past 2^53 ns`,
        );
    }
  });
}

/** Where `param` is written in the scenario file, and what to write there for `value`. */
export function varyOverride(scenario: Scenario, full: Scenario, param: string, value: unknown): Override {
  const parts = param.split(".");
  if (param === "stop") return { path: ["stop", "time"], value };
  if (parts[0] === "costs") return { path: ["costs", parts[1]!], value };
  if (parts[0] === "machine") {
    const field = parts[1]!;
    return {
      path: ["machine", field],
      value: field === "cpus" || typeof value !== "number" ? value : `${value}MiB`,
    };
  }
  const actor = findActor(scenario, parts[0]!);
  const index = full.actors.findIndex((a) => a.name === actor.name);
  if (parts[1] === "hold" && parts[2] === undefined)
    return { path: ["actors", index, "hold"], value: { dist: "fixed", value } };
  return { path: ["actors", index, ...parts.slice(1)], value };
}

/**
 * The scenario with `param` set to `value`. A swept duration (a hold time, say) also stretches the
 * stop time by 12x the value, so that a pin waiting it out (up to ten RFC waits) still completes
 * inside the run instead of being cut off uncounted.
 */
export function applyVary(scenario: Scenario, param: string, value: number): Scenario {
  const copy = structuredClone(scenario) as { -readonly [K in keyof Scenario]: Scenario[K] };
  const target = locate(copy, param);
  target.set(value);
  if (target.isDuration && param !== "stop" && !param.startsWith("costs."))
    copy.stop_ns = scenario.stop_ns + 12 * value;
  return { ...copy, name: `${scenario.name}[${param}=${value}]` };
}

interface Target {
  readonly isDuration: boolean;
  readonly integer: boolean;
  set(value: number): void;
}

function locate(s: Scenario, param: string): Target {
  const parts = param.split(".");
  const head = parts[0]!;
  if (param === "stop") return durationTarget((v) => ((s as { stop_ns: number }).stop_ns = v));
  if (head === "costs" && parts.length === 2) {
    if (!Object.hasOwn(DEFAULT_COSTS, parts[1]!))
      throw new VaryError(`--vary ${clip(param)}: no cost "${clip(parts[1] ?? "")}"`);
    return durationTarget((v) => ((s.costs as Record<string, number>)[parts[1]!] = v));
  }
  if (head === "machine" && parts.length === 2) return machineTarget(s, parts[1]!);
  const actor = findActor(s, head);
  return actorTarget(actor as unknown as Record<string, unknown>, parts.slice(1), param);
}

function findActor(s: Scenario, name: string): ActorSpec {
  const byName = s.actors.find((a) => a.name === name);
  if (byName) return byName;
  const byKind = s.actors.filter((a) => a.kind === name);
  if (byKind.length === 1) return byKind[0]!;
  const known = s.actors.map((a) => a.name).join(", ");
  const why =
    byKind.length > 1 ? `several actors are of kind "${name}"; name one` : `no actor "${clip(name)}"`;
  throw new VaryError(`--vary: ${why}; actors: ${known}; also machine.<field>, costs.<name>, stop`);
}

function actorTarget(actor: Record<string, unknown>, path: string[], param: string): Target {
  const [field, sub] = path;
  if (field === undefined)
    throw new VaryError(`--vary ${clip(param)}: name a field of the actor, e.g. ${clip(param)}.interval`);
  if (field === "hold") return holdTarget(actor, sub, param);
  const key = (Object.hasOwn(DURATION_FIELDS, field) ? DURATION_FIELDS[field] : undefined) ?? field;
  if (sub !== undefined || !Object.hasOwn(actor, key) || typeof actor[key] !== "number" || field === "cpu") {
    const fields = Object.keys(actor)
      .filter((k) => typeof actor[k] === "number" && k !== "cpu")
      .map((k) => k.replace(/_ns$/, ""));
    throw new VaryError(
      `--vary ${clip(param)}: not a numeric field of ${String(actor.name)}; fields: ${[...fields, "hold"].join(", ")}`,
    );
  }
  const isDuration = key.endsWith("_ns");
  return { isDuration, integer: true, set: (v) => (actor[key] = Math.round(v)) };
}

/** `gpu.hold` makes the hold time fixed at the value; `gpu.hold.mean` changes one parameter. */
function holdTarget(actor: Record<string, unknown>, sub: string | undefined, param: string): Target {
  if (!Object.hasOwn(actor, "hold"))
    throw new VaryError(`--vary ${clip(param)}: ${String(actor.name)} has no hold time`);
  if (sub === undefined)
    return durationTarget((v) => (actor.hold = { dist: "fixed", value_ns: Math.round(v) }));
  const hold = actor.hold as Record<string, unknown>;
  if (sub === "sigma" && "sigma" in hold)
    return { isDuration: false, integer: false, set: (v) => (hold.sigma = v) };
  const key = Object.hasOwn(HOLD_FIELDS, sub) ? HOLD_FIELDS[sub] : undefined;
  if (key === undefined || !Object.hasOwn(hold, key)) {
    const have = Object.keys(hold)
      .filter((k) => k !== "dist")
      .map((k) => k.replace(/_ns$/, ""));
    throw new VaryError(`--vary ${clip(param)}: the ${String(hold.dist)} hold has ${have.join(", ")}`);
  }
  return durationTarget((v) => (hold[key] = Math.round(v)));
}

function machineTarget(s: Scenario, field: string): Target {
  const m = s.machine as unknown as Record<string, unknown>;
  const key = field === "cpus" ? "cpus" : `${field}_mib`;
  if (!Object.hasOwn(m, key) || typeof m[key] !== "number")
    throw new VaryError(`--vary machine.${clip(field)}: fields are cpus, dma32, normal, movable, cma (MiB)`);
  return { isDuration: false, integer: true, set: (v) => (m[key] = Math.round(v)) };
}

function durationTarget(set: (v: number) => void): Target {
  return { isDuration: true, integer: true, set };
}

/**
 * "a..b:n" (n points, log-spaced when a > 0 and b/a >= 100), "a,b,c" or "a". Values as written are
 * checked by checkVary; here they only have to be numbers (durations with their units).
 */
export function parseRange(text: string, isDuration: boolean, integer: boolean): number[] {
  const one = (t: string): number => {
    const r = isDuration ? parseDuration(yamlScalar(t)) : plainNumber(t.trim());
    if (!r.ok) throw new VaryError(`--vary: "${clip(t)}" is not ${r.expected}`);
    return r.value;
  };
  if (text.includes(",") || !text.includes("..")) {
    const parts = text.split(",");
    if (parts.length > MAX_VARY_POINTS)
      throw new VaryError(`--vary: ${parts.length} values; at most ${MAX_VARY_POINTS}`);
    return parts.map(one);
  }
  // Split by hand, not with /^(.+)\.\.(.+):(\d+)$/, which backtracks quadratically on long text.
  const dots = text.indexOf("..");
  const colon = text.lastIndexOf(":");
  const count = text.slice(colon + 1);
  if (dots <= 0 || colon < dots + 3 || !/^[0-9]+$/.test(count))
    throw new VaryError(`--vary: "${clip(text)}" is not a..b:n or a,b,c`);
  const [a, b, n] = [one(text.slice(0, dots)), one(text.slice(dots + 2, colon)), Number(count)];
  if (n < 2 || b <= a) throw new VaryError(`--vary: "${clip(text)}" needs b > a and n >= 2`);
  if (n > MAX_VARY_POINTS) throw new VaryError(`--vary: ${clip(count)} points; at most ${MAX_VARY_POINTS}`);
  const log = a > 0 && b / a >= 100;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = log ? a * (b / a) ** (i / (n - 1)) : a + ((b - a) * i) / (n - 1);
    out.push(integer ? Math.round(x) : x);
  }
  return out;
}

function plainNumber(t: string): { ok: true; value: number } | { ok: false; expected: string } {
  const v = Number(t);
  return t !== "" && Number.isFinite(v) ? { ok: true, value: v } : { ok: false, expected: "a number" };
}

function isLogRange(values: readonly number[]): boolean {
  return values.length > 2 && values[0]! > 0 && values.at(-1)! / values[0]! >= 100;
}
