// Field tables: one entry per field of a Scenario type, giving its YAML key, its value kind, its
// default and the description editors show. Reading a YAML map and generating the JSON Schema
// both walk the same table, and the mapped type makes tsc reject a table that misses a field.

import type { JsonSchema, ValueKind } from "./kinds.ts";
import type { MapSite } from "./site.ts";

export type Default<V, C> = { readonly value: V } | { readonly from: (ctx: C) => V; readonly doc: string };

export interface Field<V, C> {
  /** The YAML key, without the unit suffix the TypeScript field carries (`start` for `start_ns`). */
  readonly key: string;
  readonly doc: string;
  readonly kind: ValueKind<V, C>;
  /** Absent: the field is required. */
  readonly default?: Default<V, C>;
}

export type FieldTable<T, C> = { readonly [K in keyof T]-?: Field<T[K], C> };

export function yamlKeys<T, C>(table: FieldTable<T, C>): string[] {
  return fieldsOf(table).map((f) => f.key);
}

function fieldsOf<T, C>(table: FieldTable<T, C>): Field<unknown, C>[] {
  return Object.values(table) as Field<unknown, C>[];
}

/** Reads every field of `table` from `map` (whose keys were already checked), applying defaults. */
export function readFields<T, C>(table: FieldTable<T, C>, map: MapSite, ctx: C): T {
  const out: Record<string, unknown> = {};
  for (const [target, field] of Object.entries(table) as [string, Field<unknown, C>][]) {
    const site = map.get(field.key);
    if (site !== undefined) out[target] = field.kind.parse(site, ctx);
    else if (field.default === undefined) map.require(field.key, describeRequired(field));
    else out[target] = "value" in field.default ? field.default.value : field.default.from(ctx);
  }
  // Sound because the mapped type gives every key of T a Field<T[K]> whose parse returns T[K].
  return out as T;
}

function describeRequired<C>(field: Field<unknown, C>): string {
  return `a value: ${field.doc}`;
}

/** The object schema of a table; `extra` adds fixed properties such as a `kind` discriminator. */
export function tableSchema<T, C>(
  table: FieldTable<T, C>,
  extra: Record<string, JsonSchema> = {},
): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...extra };
  const required: string[] = Object.keys(extra);
  for (const field of fieldsOf(table)) {
    properties[field.key] = fieldSchema(field);
    if (field.default === undefined) required.push(field.key);
  }
  return {
    type: "object",
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    properties,
  };
}

function fieldSchema<C>(field: Field<unknown, C>): JsonSchema {
  const d = field.default;
  if (d === undefined) return { ...field.kind.schema(), description: `${field.doc} Required.` };
  if ("from" in d) return { ...field.kind.schema(), description: `${field.doc} Default: ${d.doc}.` };
  const shown = field.kind.show(d.value);
  return {
    ...field.kind.schema(),
    description: `${field.doc} Default: ${JSON.stringify(shown)}.`,
    default: shown,
  };
}

/** The YAML form of a value read through `table` (durations as "2us", sizes as "1MiB"). */
export function showFields<T, C>(table: FieldTable<T, C>, value: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [target, field] of Object.entries(table) as [string, Field<unknown, C>][]) {
    out[field.key] = field.kind.show((value as Record<string, unknown>)[target]);
  }
  return out;
}
