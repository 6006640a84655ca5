// Real against model, measure by measure, for each pin call (task and its n-th pin). Where both
// sides gave one value in every run the comparison is exact; where either varies, the share of
// runs showing the most common value is compared with Fisher's exact test.

import type { RealPin } from "./console.ts";
import { fisherExact } from "./fisher.ts";
import type { ModelPin } from "./model.ts";

/** Below this p-value the two sides differ. */
export const ALPHA = 0.01;

export type Value = number | string;

export interface MeasureRow {
  /** "<task> pin <seq>". */
  readonly pin: string;
  readonly measure: string;
  /** Values per run (null: that run made no such pin). */
  readonly real: readonly (Value | null)[];
  readonly model: readonly (Value | null)[];
  /** "unmeasured": the booted kernel cannot show this (a probe or counter it lacks). */
  readonly test: "exact" | "fisher" | "unmeasured";
  /** Fisher's p-value; null for exact. */
  readonly p_value: number | null;
  readonly agree: boolean;
}

interface Measure {
  readonly name: string;
  readonly real: (p: RealPin) => Value;
  readonly model: (p: ModelPin) => Value;
}

const ERRNO_NAMES: Readonly<Record<number, string>> = {
  1: "EPERM",
  12: "ENOMEM",
  14: "EFAULT",
  16: "EBUSY",
  22: "EINVAL",
  95: "EOPNOTSUPP",
};

export function errnoName(e: number): string {
  if (e === 0) return "ok";
  return `-${ERRNO_NAMES[-e] ?? String(-e)}`;
}

export const MEASURES: readonly Measure[] = [
  { name: "result", real: (p) => errnoName(p.ret), model: (p) => errnoName(p.errno) },
  {
    name: "lru_add_drain() by collect",
    real: (p) => measured(p.probes.drain_collect),
    model: (p) => p.drains_local,
  },
  {
    name: "lru_add_drain_all() by collect",
    real: (p) => measured(p.probes.drain_all_collect),
    model: (p) => p.drains_global,
  },
  { name: "pages migrated", real: (p) => measured(p.mig_ok), model: (p) => p.migrated },
  { name: "pages failing migration", real: (p) => measured(p.mig_fail), model: (p) => p.migrate_failed },
  {
    name: "pinned pages outside Movable",
    real: (p) => (p.ret === 0 ? p.other_after : 0),
    model: (p) => p.pinned_outside_movable,
  },
];

/** What the real side could not observe. */
export const UNMEASURED = "n/a";

/** A probe that could not be placed, or a counter the kernel lacks (reported as -1). */
function measured(v: number | undefined): Value {
  return v === undefined || v < 0 ? UNMEASURED : v;
}

const pinKey = (task: string, seq: number) => `${task} pin ${seq}`;

export function compareRuns(
  real: readonly RealPin[],
  model: readonly ModelPin[],
  runs: number,
): MeasureRow[] {
  const keys: string[] = [];
  for (const p of [...model, ...real])
    if (!keys.includes(pinKey(p.task, p.seq))) keys.push(pinKey(p.task, p.seq));
  const rows: MeasureRow[] = [];
  for (const key of keys) {
    for (const m of MEASURES) {
      const r = perRun(runs, real, key, m.real);
      const s = perRun(runs, model, key, m.model);
      rows.push(judge(key, m.name, r, s));
    }
  }
  return rows;
}

function perRun<P extends { run: number; task: string; seq: number }>(
  runs: number,
  pins: readonly P[],
  key: string,
  value: (p: P) => Value,
): (Value | null)[] {
  const out: (Value | null)[] = new Array(runs).fill(null);
  for (const p of pins) if (pinKey(p.task, p.seq) === key && p.run < runs) out[p.run] = value(p);
  return out;
}

function judge(pin: string, measure: string, real: (Value | null)[], model: (Value | null)[]): MeasureRow {
  if (real.some((x) => x === UNMEASURED))
    return { pin, measure, real, model, test: "unmeasured", p_value: null, agree: true };
  const distinct = (xs: (Value | null)[]) => new Set(xs.map((x) => String(x)));
  if (distinct(real).size === 1 && distinct(model).size === 1) {
    return {
      pin,
      measure,
      real,
      model,
      test: "exact",
      p_value: null,
      agree: String(real[0]) === String(model[0]),
    };
  }
  const common = mostCommon([...model, ...real]);
  const k = (xs: (Value | null)[]) => xs.filter((x) => String(x) === common).length;
  const p = fisherExact(k(real), real.length, k(model), model.length);
  return { pin, measure, real, model, test: "fisher", p_value: p, agree: p >= ALPHA };
}

function mostCommon(xs: (Value | null)[]): string {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(String(x), (counts.get(String(x)) ?? 0) + 1);
  let best = "";
  let n = -1;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}
