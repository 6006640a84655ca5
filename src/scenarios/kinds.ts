// Value kinds: how one YAML value is checked and converted, how it is described in the JSON
// Schema, and how a default is shown in YAML form. The loader and schema_gen.ts both read these,
// so what the schema promises and what the loader accepts cannot drift apart.

import {
  DURATION_EXAMPLES,
  formatDuration,
  formatSize,
  parseDuration,
  parseSize,
  SIZE_EXAMPLES,
} from "../engine/units.ts";
import { didYouMean } from "../versions/suggest.ts";
import type { Site } from "./site.ts";

export type JsonSchema = { readonly [keyword: string]: unknown };

export interface ValueKind<V, C = unknown> {
  readonly parse: (site: Site, ctx: C) => V;
  readonly schema: () => JsonSchema;
  /** The YAML spelling of a value, for schema defaults ("2us", not 2000). */
  readonly show: (value: V) => unknown;
}

/** An upper bound that depends on the rest of the scenario, with the reason shown to the user. */
export interface Bound {
  readonly max: number;
  readonly why: string;
}

const identity = <V>(v: V): unknown => v;

export function integer<C = unknown>(min: number, max?: number | ((ctx: C) => Bound)): ValueKind<number, C> {
  return {
    parse(site, ctx) {
      const bound = typeof max === "function" ? max(ctx) : max === undefined ? undefined : { max, why: "" };
      const v = site.plain();
      const inRange =
        Number.isSafeInteger(v) &&
        (v as number) >= min &&
        (bound === undefined || (v as number) <= bound.max);
      if (!inRange) site.reject(rangePhrase("an integer", min, bound));
      return v as number;
    },
    schema: () => ({ type: "integer", minimum: min, ...(typeof max === "number" ? { maximum: max } : {}) }),
    show: identity,
  };
}

export function real(min: number, max: number): ValueKind<number> {
  return {
    parse(site) {
      const v = site.plain();
      if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
        site.reject(rangePhrase("a number", min, { max, why: "" }));
      }
      return v as number;
    },
    schema: () => ({ type: "number", minimum: min, maximum: max }),
    show: identity,
  };
}

function rangePhrase(what: string, min: number, bound: Bound | undefined): string {
  if (bound === undefined) return `${what} >= ${min}`;
  return `${what} ${min}..${bound.max}${bound.why ? ` (${bound.why})` : ""}`;
}

export const bool: ValueKind<boolean> = {
  parse(site) {
    const v = site.plain();
    if (typeof v !== "boolean") site.reject("true or false");
    return v as boolean;
  },
  schema: () => ({ type: "boolean" }),
  show: identity,
};

/** Names end up in reports, traces and file names: keep them to one plain word. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const name: ValueKind<string> = {
  parse(site) {
    const v = site.plain();
    if (typeof v !== "string" || !NAME.test(v))
      site.reject("a name of letters, digits, '_', '.', '-' (no spaces)");
    return v as string;
  },
  schema: () => ({ type: "string", pattern: NAME.source }),
  show: identity,
};

export function oneOf<const T extends string>(values: readonly T[]): ValueKind<T> {
  return {
    parse(site) {
      const v = site.plain();
      if (typeof v === "string" && (values as readonly string[]).includes(v)) return v as T;
      const hint = typeof v === "string" ? didYouMean(v, values) : "";
      return site.reject(`one of ${values.join(", ")}${hint}`);
    },
    schema: () => ({ enum: [...values] }),
    show: identity,
  };
}

const DURATION_PATTERN = "^[0-9]+(\\.[0-9]+)?\\s*(ns|us|µs|μs|ms|s)$";
const SIZE_PATTERN = "^[0-9]+(\\.[0-9]+)?\\s*(B|KiB|MiB|GiB)$";

/** Shared definitions, referenced from field schemas so the schema file states each once. */
export const DURATION_DEF: JsonSchema = {
  description: `A duration: ${DURATION_EXAMPLES}.`,
  anyOf: [
    { type: "integer", minimum: 0, description: "nanoseconds" },
    { type: "string", pattern: DURATION_PATTERN },
  ],
};
export const SIZE_DEF: JsonSchema = {
  description: `A size: ${SIZE_EXAMPLES} (powers of 1024; MB/KB/GB are rejected).`,
  anyOf: [
    { type: "integer", minimum: 0, description: "bytes" },
    { type: "string", pattern: SIZE_PATTERN },
  ],
};

export function durationSchema(): JsonSchema {
  return { $ref: "#/$defs/duration" };
}

/**
 * A duration of at least `min_ns`; `before` adds an exclusive, scenario-dependent upper bound
 * (an actor starting at or after stop.time would never run).
 */
export function duration<C = unknown>(
  opts: { min_ns?: number; before?: (ctx: C) => Bound } = {},
): ValueKind<number, C> {
  const min_ns = opts.min_ns ?? 0;
  return {
    parse(site, ctx) {
      const r = parseDuration(site.plain());
      if (!r.ok) return site.reject(r.expected);
      if (r.value < min_ns) site.reject(`a duration of at least ${formatDuration(min_ns)}`);
      const bound = opts.before?.(ctx);
      if (bound !== undefined && r.value >= bound.max)
        site.reject(`a time before ${formatDuration(bound.max)} (${bound.why})`);
      return r.value;
    },
    schema: durationSchema,
    show: (v) => formatDuration(v),
  };
}

export function sizeSchema(): JsonSchema {
  return { $ref: "#/$defs/size" };
}

/** A size in bytes that must be a positive multiple of `multiple` (a page, a huge page). */
export function size<C = unknown>(multiple: (ctx: C) => Bound): ValueKind<number, C> {
  return {
    parse(site, ctx) {
      const r = parseSize(site.plain());
      if (!r.ok) return site.reject(r.expected);
      const m = multiple(ctx);
      if (r.value === 0 || r.value % m.max !== 0) {
        site.reject(`a non-zero multiple of ${formatSize(m.max)} (${m.why})`);
      }
      return r.value;
    },
    schema: sizeSchema,
    show: (v) => formatSize(v),
  };
}

const MiB = 1024 * 1024;

/** A zone size, written as a size but stored as whole MiB (the machine's `*_mib` fields). */
export function wholeMib(max_mib?: Bound): ValueKind<number> {
  return {
    parse(site) {
      const r = parseSize(site.plain());
      if (!r.ok) return site.reject(r.expected);
      if (r.value % MiB !== 0) site.reject(`a whole number of MiB (${SIZE_EXAMPLES})`);
      const mib = r.value / MiB;
      if (max_mib !== undefined && mib > max_mib.max) {
        site.reject(`at most ${formatSize(max_mib.max * MiB)} (${max_mib.why})`);
      }
      return mib;
    },
    schema: sizeSchema,
    show: (mib) => (mib === 0 ? 0 : formatSize(mib * MiB)),
  };
}

/** A list of distinct values from `values`, at least one. */
export function distinctList<const T extends string>(values: readonly T[]): ValueKind<readonly T[]> {
  const item = oneOf(values);
  return {
    parse(site, ctx) {
      const sites = site.items(`a list of distinct values from ${values.join(", ")}`);
      if (sites.length === 0) site.reject(`at least one of ${values.join(", ")}`);
      const seen: T[] = [];
      for (const s of sites) {
        const v = item.parse(s, ctx);
        if (seen.includes(v)) s.fail(`"${v}" a second time`, "each value once");
        seen.push(v);
      }
      return seen;
    },
    schema: () => ({ type: "array", items: { enum: [...values] }, uniqueItems: true, minItems: 1 }),
    show: (v) => [...v],
  };
}
