// Ticks and labels for the value axes of a chart: a left axis and an optional right one whose
// ticks share the left axis's grid rows when the data allows it.

import { formatTicks, type ValueFormat } from "./format.ts";
import { alignedTicks, niceTicks, type Ticks } from "./ticks.ts";

export interface AxisValues {
  ticks: Ticks;
  labels: string[];
}

export interface ValueAxes {
  left: AxisValues;
  right: AxisValues | null;
  /** True when right ticks sit on the left grid rows (so no separate grid is needed). */
  aligned: boolean;
}

/** [min, max] of the finite values, widened to include zero: bars and rates start at zero. */
export function extentWithZero(values: Iterable<number>): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function labelled(ticks: Ticks, format: ValueFormat): AxisValues {
  return { ticks, labels: formatTicks(ticks.values, format, ticks.step) };
}

export function valueAxes(
  left: [number, number],
  right: [number, number] | null,
  target: number,
  leftFormat: ValueFormat,
  rightFormat: ValueFormat,
): ValueAxes {
  const leftTicks = niceTicks(left[0], left[1], target);
  if (right === null) return { left: labelled(leftTicks, leftFormat), right: null, aligned: false };
  const shared = alignedTicks(leftTicks, right[0], right[1]);
  const rightTicks = shared ?? niceTicks(right[0], right[1], target);
  return {
    left: labelled(leftTicks, leftFormat),
    right: labelled(rightTicks, rightFormat),
    aligned: shared !== null,
  };
}
