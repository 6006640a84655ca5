// The one number style of every pinsim report (tables, CSV/markdown cells, chart labels): three
// significant digits; durations in the largest unit they reach ("17.4 µs", "1.5 ms"); fractions
// as percentages ("2.29%"); a 95% interval after its estimate as "(low–high%)"; a change against a
// baseline as a signed percentage with two decimals ("-100.00%"), as mmtests prints it.

const DURATION_UNITS: readonly [string, number][] = [
  ["s", 1e9],
  ["ms", 1e6],
  ["µs", 1e3],
  ["ns", 1],
];

/** toFixed without trailing zeros or "-0". */
function fixed(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  const t = s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  return t === "-0" ? "0" : t;
}

/** Three significant digits, never in exponent form. */
export function significant(v: number): string {
  if (v === 0) return "0";
  const digits = Math.floor(Math.log10(Math.abs(v)));
  return fixed(v, Math.min(12, Math.max(0, 2 - digits)));
}

function durationUnit(abs_ns: number): [string, number] {
  for (const u of DURATION_UNITS) if (abs_ns >= u[1] * (1 - 1e-9)) return u;
  return DURATION_UNITS[DURATION_UNITS.length - 1]!;
}

/** A duration in the largest unit it reaches, three significant digits. */
export function formatDuration_ns(v_ns: number): string {
  if (v_ns === 0) return "0";
  let [unit, size] = durationUnit(Math.abs(v_ns));
  let body = significant(v_ns / size);
  // 999.7 µs rounds to "1000 µs": say "1 ms" instead.
  if (Math.abs(Number(body)) >= 1000 && unit !== "s") {
    [unit, size] = durationUnit(Math.abs(Number(body)) * size);
    body = significant(v_ns / size);
  }
  return `${body} ${unit}`;
}

/** A fraction as a percentage: 0.0229 -> "2.29%". */
export function formatPercent(fraction: number): string {
  return `${significant(fraction * 100)}%`;
}

/** A rate with its 95% interval: "2.29% (2.07–2.53%)". */
export function formatRateCi(rate: number, low: number, high: number): string {
  return `${formatPercent(rate)} (${significant(low * 100)}–${formatPercent(high)})`;
}

/**
 * The change of `value` against `base`, as mmtests' compare-kernels prints it: a signed
 * percentage with two decimals ("+12.50%", "-100.00%"); whole percent from 1000% on so the
 * column stays narrow; "+inf%" when the base is 0 and the value is not.
 */
export function formatChange(base: number, value: number): string {
  if (base === value) return "0.00%";
  if (base === 0) return value > 0 ? "+inf%" : "-inf%";
  const pct = ((value - base) / Math.abs(base)) * 100;
  const sign = pct > 0 ? "+" : "-";
  const abs = Math.abs(pct);
  return `${sign}${abs >= 1000 ? abs.toFixed(0) : abs.toFixed(2)}%`;
}
