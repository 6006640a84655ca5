// Axis and tooltip labels. Durations pick ns/µs/ms/s per value ("200 µs", "1.5 ms", "1 s");
// percentages take fractions (0.125 -> "12.5%"); plain numbers share one k/M/G scale per axis.
// Precision follows the tick step, so neighbouring labels always differ.

export type ValueFormat = "percent" | "ns" | "number";

const DURATION_UNITS: readonly [string, number][] = [
  ["s", 1e9],
  ["ms", 1e6],
  ["µs", 1e3],
  ["ns", 1],
];

const NUMBER_SCALES: readonly [string, number][] = [
  ["G", 1e9],
  ["M", 1e6],
  ["k", 1e3],
];

const MAX_DECIMALS = 12;

/** Decimals needed to print multiples of `step` exactly (0.25 -> 2, 5 -> 0). */
export function decimalsFor(step: number): number {
  for (let d = 0; d < MAX_DECIMALS; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-6 * Math.abs(scaled)) return d;
  }
  return MAX_DECIMALS;
}

/** toFixed without trailing zeros or "-0". */
function fixed(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  const t = s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  return t === "-0" ? "0" : t;
}

/** Three significant digits, never in exponent form for the magnitudes charts show. */
function significant(v: number): string {
  if (v === 0) return "0";
  const digits = Math.floor(Math.log10(Math.abs(v)));
  return fixed(v, Math.min(MAX_DECIMALS, Math.max(0, 2 - digits)));
}

function durationUnit(abs_ns: number): [string, number] {
  for (const u of DURATION_UNITS) if (abs_ns >= u[1] * (1 - 1e-9)) return u;
  return DURATION_UNITS[DURATION_UNITS.length - 1]!;
}

/** A duration in the largest unit it reaches; `step_ns` sets the precision when given. */
export function formatDuration_ns(v_ns: number, step_ns?: number): string {
  if (v_ns === 0) return "0";
  let [unit, size] = durationUnit(Math.abs(v_ns));
  let body =
    step_ns === undefined ? significant(v_ns / size) : fixed(v_ns / size, decimalsFor(step_ns / size));
  // 999.7 µs rounds to "1000 µs": say "1 ms" instead.
  if (Math.abs(Number(body)) >= 1000 && unit !== "s") {
    [unit, size] = durationUnit(Math.abs(Number(body)) * size);
    body = step_ns === undefined ? significant(v_ns / size) : fixed(v_ns / size, decimalsFor(step_ns / size));
  }
  return `${body} ${unit}`;
}

/** A fraction as a percentage. */
export function formatPercent(fraction: number, step?: number): string {
  const pct = fraction * 100;
  return `${step === undefined ? significant(pct) : fixed(pct, decimalsFor(step * 100))}%`;
}

/** A plain number, 3 significant digits with a k/M/G suffix from 10 000 on. */
export function formatNumber(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e4) {
    for (const [suffix, size] of NUMBER_SCALES) if (abs >= size) return `${significant(v / size)}${suffix}`;
  }
  return significant(v);
}

/** One value, for tooltips and single labels. */
export function formatValue(v: number, format: ValueFormat): string {
  if (format === "ns") return formatDuration_ns(v);
  if (format === "percent") return formatPercent(v);
  return formatNumber(v);
}

/** Labels for linear-axis ticks: one k/M/G scale for the whole axis so labels line up. */
function linearNumberLabels(values: readonly number[], step: number): string[] {
  const maxAbs = Math.max(...values.map(Math.abs));
  const scale = maxAbs >= 1e4 ? NUMBER_SCALES.find(([, size]) => maxAbs >= size) : undefined;
  const [suffix, size] = scale ?? ["", 1];
  return values.map((v) => (v === 0 ? "0" : `${fixed(v / size, decimalsFor(step / size))}${suffix}`));
}

/** Labels for the ticks of one axis; `step` is absent on log axes (each label stands alone). */
export function formatTicks(values: readonly number[], format: ValueFormat, step?: number): string[] {
  if (step === undefined) return values.map((v) => formatValue(v, format));
  if (format === "ns") return values.map((v) => formatDuration_ns(v, step));
  if (format === "percent") return values.map((v) => formatPercent(v, step));
  return linearNumberLabels(values, step);
}
