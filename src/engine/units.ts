// Durations and sizes as people write them ("1.5ms", "64MiB") and back. Parsing is exact decimal
// arithmetic (BigInt), not floating point, so "1.000001ms" is exactly 1000001 ns and formatting
// any value then parsing it returns the same integer.

export type UnitResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly expected: string };

type UnitTable = readonly (readonly [suffix: string, scale: number])[];

/** Largest first: formatting picks the first unit that reads well. */
const DURATION_UNITS: UnitTable = [
  ["s", 1_000_000_000],
  ["ms", 1_000_000],
  ["us", 1_000],
  ["ns", 1],
];
/** Both micro signs parse: U+00B5 is what keyboards type, U+03BC what Unicode recommends. */
const DURATION_ALIASES: UnitTable = [
  ["µs", 1_000],
  ["μs", 1_000],
];
const SIZE_UNITS: UnitTable = [
  ["GiB", 1024 ** 3],
  ["MiB", 1024 ** 2],
  ["KiB", 1024],
  ["B", 1],
];
/** Decimal-looking suffixes are refused rather than guessed: "64MB" is 64e6 to some people. */
const DECIMAL_SIZE_SUFFIX = /^(k|m|g)b?$/i;

const DURATION_STRINGS = 'a string like "500ns", "2us", "1.5ms", "1s"';
const SIZE_STRINGS = 'a string like "4KiB", "1MiB", "4GiB"';
export const DURATION_EXAMPLES = `a number of nanoseconds or ${DURATION_STRINGS}`;
export const SIZE_EXAMPLES = `a number of bytes or ${SIZE_STRINGS}`;

/**
 * Longer text is refused before it is parsed: 2^53 ns written out with a unit is 20 characters,
 * so this leaves room for any real value with decimals and spaces, and bounds the BigInt work.
 */
export const MAX_QUANTITY_CHARS = 64;

export function parseDuration(value: unknown): UnitResult {
  return parseQuantity(value, [...DURATION_UNITS, ...DURATION_ALIASES], {
    what: "duration",
    examples: DURATION_EXAMPLES,
    strings: DURATION_STRINGS,
    grain: "nanosecond",
  });
}

export function parseSize(value: unknown): UnitResult {
  return parseQuantity(value, SIZE_UNITS, {
    what: "size",
    examples: SIZE_EXAMPLES,
    strings: SIZE_STRINGS,
    grain: "byte",
  });
}

/** A duration literal in code (defaults), written the way a user would write it. */
export function durationNs(text: string): number {
  const r = parseDuration(text);
  if (!r.ok) throw new Error(`bad duration literal ${JSON.stringify(text)}: expected ${r.expected}`);
  return r.value;
}

export function formatDuration(ns: number): string {
  return formatQuantity(ns, DURATION_UNITS);
}

export function formatSize(bytes: number): string {
  return formatQuantity(bytes, SIZE_UNITS);
}

interface QuantityWords {
  readonly what: string;
  readonly examples: string;
  /** The examples without the plain-number form, for when a number was given but was wrong. */
  readonly strings: string;
  readonly grain: string;
}

function parseQuantity(value: unknown, units: UnitTable, words: QuantityWords): UnitResult {
  const fail = (expected: string): UnitResult => ({ ok: false, expected });
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value >= 0) return { ok: true, value };
    return fail(`a whole, non-negative number of ${words.grain}s, or ${words.strings}`);
  }
  if (typeof value !== "string") return fail(`a ${words.what}: ${words.examples}`);
  const text = value.trim();
  if (text.length > MAX_QUANTITY_CHARS)
    return fail(`a ${words.what} of at most ${MAX_QUANTITY_CHARS} characters: ${words.examples}`);
  const q = splitQuantity(text);
  if (q === null) return fail(`a non-negative ${words.what}: ${words.examples}`);
  const scale = units.find(([s]) => s === q.suffix)?.[1];
  if (scale === undefined) return fail(unknownUnit(q.whole, q.fraction, q.suffix, units, words));
  return exactValue(q.whole, q.fraction, scale, words);
}

/**
 * A duration or size typed on the command line, as the YAML loader would see it: digits alone
 * are a plain number (of ns or bytes), anything else a string to parse with its unit.
 */
export function quantityFromText(text: string): string | number {
  const t = text.trim();
  return /^[0-9]+$/.test(t) ? Number(t) : t;
}

interface Quantity {
  readonly whole: string;
  readonly fraction: string;
  readonly suffix: string;
}

/**
 * DIGITS[.DIGITS][spaces]SUFFIX, scanned once from left to right (a regular expression with
 * `[0-9]+ ... \S+` backtracks quadratically on long digit strings).
 */
function splitQuantity(text: string): Quantity | null {
  const digitsFrom = (i: number): number => {
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    return i;
  };
  const wholeEnd = digitsFrom(0);
  if (wholeEnd === 0) return null;
  let i = wholeEnd;
  let fraction = "";
  if (text[i] === ".") {
    const end = digitsFrom(i + 1);
    if (end === i + 1) return null;
    fraction = text.slice(i + 1, end);
    i = end;
  }
  while (i < text.length && /\s/.test(text[i]!)) i++;
  const suffix = text.slice(i);
  if (suffix === "" || /\s/.test(suffix)) return null;
  return { whole: text.slice(0, wholeEnd), fraction, suffix };
}

function unknownUnit(
  whole: string,
  fraction: string,
  suffix: string,
  units: UnitTable,
  words: QuantityWords,
) {
  const number = fraction === "" ? whole : `${whole}.${fraction}`;
  const sameLetters = units.find(([s]) => s.toLowerCase() === suffix.toLowerCase());
  if (sameLetters !== undefined)
    return `a ${words.what} with a known unit (did you mean "${number}${sameLetters[0]}"?)`;
  if (words.what === "size" && DECIMAL_SIZE_SUFFIX.test(suffix)) {
    const binary = `${suffix[0]!.toUpperCase()}iB`;
    return `a size in KiB, MiB or GiB: pinsim uses powers of 1024, so write "${number}${binary}"`;
  }
  const known = units.map(([s]) => s).join(", ");
  return `a ${words.what} unit among ${known} (${words.examples})`;
}

function exactValue(whole: string, fraction: string, scale: number, words: QuantityWords): UnitResult {
  const denominator = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole + fraction) * BigInt(scale);
  if (scaled % denominator !== 0n) {
    return { ok: false, expected: `a ${words.what} that is a whole number of ${words.grain}s` };
  }
  const result = scaled / denominator;
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, expected: `a ${words.what} below 2^53 ${words.grain}s` };
  }
  return { ok: true, value: Number(result) };
}

/** At most this many decimals; past it a smaller unit reads better ("1000001us", not "1.000001s"). */
const MAX_DECIMALS = 3;

function formatQuantity(value: number, units: UnitTable): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot format ${value}`);
  const v = BigInt(value);
  for (const [suffix, scale] of units) {
    if (value < scale) continue;
    const text = decimalIfShort(v, BigInt(scale));
    if (text !== undefined) return text + suffix;
  }
  return `${value}${units[units.length - 1]![0]}`;
}

function decimalIfShort(v: bigint, scale: bigint): string | undefined {
  for (let digits = 0; digits <= MAX_DECIMALS; digits++) {
    const shifted = v * 10n ** BigInt(digits);
    if (shifted % scale !== 0n) continue;
    const units = (shifted / scale).toString().padStart(digits + 1, "0");
    if (digits === 0) return units;
    return `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  }
  return undefined;
}
