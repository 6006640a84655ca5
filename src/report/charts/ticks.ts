// Axis ticks on "nice" numbers (1, 2, 2.5, 5 times a power of ten), and decade ticks for log
// axes. Tick values are computed as integer * mantissa / 10^k so that 0.1 + 0.2 noise never
// reaches a label.

export interface Ticks {
  /** Ascending tick values; the first and last are the axis domain. */
  values: number[];
  /** Distance between neighbouring ticks; undefined on a log axis. */
  step?: number;
}

interface Step {
  mantissa: number;
  exp10: number;
}

const MANTISSAS = [1, 2, 2.5, 5, 10];

function stepValue(s: Step): number {
  return s.exp10 >= 0 ? s.mantissa * 10 ** s.exp10 : s.mantissa / 10 ** -s.exp10;
}

/** k steps from zero, exact for the small integers and mantissas used here. */
function multiple(k: number, s: Step): number {
  const km = k * s.mantissa;
  return s.exp10 >= 0 ? km * 10 ** s.exp10 : km / 10 ** -s.exp10;
}

/** Smallest nice step >= raw (raw > 0). */
function niceStepAtLeast(raw: number): Step {
  let exp10 = Math.floor(Math.log10(raw));
  // log10 can land one off near exact powers of ten; correct it in both directions.
  if (stepValue({ mantissa: 1, exp10 }) > raw) exp10 -= 1;
  if (stepValue({ mantissa: 10, exp10 }) < raw) exp10 += 1;
  for (const mantissa of MANTISSAS) {
    if (stepValue({ mantissa, exp10 }) >= raw * (1 - 1e-12)) {
      return mantissa === 10 ? { mantissa: 1, exp10: exp10 + 1 } : { mantissa, exp10 };
    }
  }
  return { mantissa: 1, exp10: exp10 + 1 };
}

/** Below this, a span or magnitude counts as zero: steps that small lose double precision. */
const TINY = 1e-12;

/**
 * Widens a degenerate range so that an axis can still be drawn: empty, denormal, or so narrow
 * relative to its magnitude that tick arithmetic would drown in rounding.
 */
function widen(min: number, max: number): [number, number] {
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (max - min > Math.max(TINY, magnitude * 1e-9)) return [min, max];
  if (magnitude < TINY) return [0, 1];
  return [min - magnitude / 2, max + magnitude / 2];
}

function ticksOf(kLo: number, kHi: number, s: Step): Ticks {
  const values: number[] = [];
  for (let k = kLo; k <= kHi; k++) values.push(multiple(k, s));
  return { values, step: stepValue(s) };
}

/** Tolerant floor/ceil of x / step, so 0.3 / 0.1 counts as 3, not 3.0000000000000004. */
function stepsBelow(x: number, s: Step): number {
  return Math.floor(x / stepValue(s) + 1e-9);
}
function stepsAbove(x: number, s: Step): number {
  return Math.ceil(x / stepValue(s) - 1e-9);
}

/** Nice ticks covering [min, max] with about `target` intervals (at most target + 1). */
export function niceTicks(min: number, max: number, target: number): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError("tick range must be finite");
  const [lo, hi] = widen(Math.min(min, max), Math.max(min, max));
  let s = niceStepAtLeast((hi - lo) / Math.max(1, target));
  // Rounding the ends outwards can add an interval; step up while that overshoots the target.
  while (stepsAbove(hi, s) - stepsBelow(lo, s) > Math.max(1, target) + 1) {
    s = niceStepAtLeast(stepValue(s) * 1.0001);
  }
  return ticksOf(stepsBelow(lo, s), stepsAbove(hi, s), s);
}

/**
 * Ticks for a second axis that land on the same pixel rows as `left` (so one set of grid lines
 * serves both), covering [min, max]. Null when that is impossible, e.g. the data needs negative
 * values but the left axis starts at zero.
 */
export function alignedTicks(left: Ticks, min: number, max: number): Ticks | null {
  const leftStep = left.step;
  if (leftStep === undefined || left.values.length < 2) return null;
  const kLo = Math.round(left.values[0]! / leftStep);
  const kHi = Math.round(left.values[left.values.length - 1]! / leftStep);
  if (kLo > 0 || kHi < 0) return null; // zero is not on the left axis
  const below = -kLo;
  const above = kHi;
  if ((min < 0 && below === 0) || (max > 0 && above === 0)) return null;
  const raw = Math.max(above > 0 ? max / above : 0, below > 0 ? -min / below : 0);
  // Data that is all (nearly) zero gets a 0..1 axis, as niceTicks would give it.
  const s = niceStepAtLeast(raw > TINY ? raw : 1 / Math.max(1, above));
  return ticksOf(kLo, kHi, s);
}

/** Powers of ten covering [min, max] (both > 0); adds 2x and 5x when under two decades. */
export function logTicks(min: number, max: number): Ticks {
  if (!(min > 0 && max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`log axis needs positive finite values, got [${min}, ${max}]`);
  }
  const lo = Math.floor(Math.log10(Math.min(min, max)) + 1e-9);
  let hi = Math.ceil(Math.log10(Math.max(min, max)) - 1e-9);
  if (hi === lo) hi = lo + 1;
  const multipliers = hi - lo < 2 ? [1, 2, 5] : [1];
  const values: number[] = [];
  for (let e = lo; e <= hi; e++) {
    for (const m of multipliers) {
      if (e === hi && m > 1) break;
      values.push(e >= 0 ? m * 10 ** e : m / 10 ** -e);
    }
  }
  return { values };
}

/** How many intervals fit a length, one per `spacing_px`, clamped to [lo, hi]. */
export function tickTarget(length_px: number, spacing_px: number, lo = 2, hi = 10): number {
  return Math.min(hi, Math.max(lo, Math.round(length_px / spacing_px)));
}
