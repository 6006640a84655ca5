// Completion for the scenario editor from the project's JSON Schema (schema/scenario.schema.json,
// which the loader's field tables generate): the keys a map at the cursor may have, with their
// descriptions, and the values a key takes when the schema lists them.

import { ITEM, type PathPart } from "./yaml_path.ts";

export interface JsonSchema {
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
}

export interface Suggestion {
  readonly label: string;
  /** What to insert (a key gets ": "). */
  readonly apply: string;
  readonly info: string;
}

/** The alternatives a schema stands for, with $ref, anyOf, oneOf and allOf opened. */
function expand(root: JsonSchema, s: JsonSchema, depth = 0): JsonSchema[] {
  if (depth > 20) return [];
  if (s.$ref !== undefined) {
    const name = s.$ref.replace(/^#\/\$defs\//, "");
    const target = root.$defs?.[name];
    return target === undefined ? [s] : [s, ...expand(root, target, depth + 1)];
  }
  const alts = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
  return [s, ...alts.flatMap((a) => expand(root, a, depth + 1))];
}

/** The schemas that may describe the value at `path`. */
export function schemasAt(root: JsonSchema, path: readonly PathPart[]): JsonSchema[] {
  let here = expand(root, root);
  for (const part of path) {
    here = here.flatMap((s) => {
      const next = part === ITEM ? s.items : s.properties?.[part];
      return next === undefined ? [] : expand(root, next);
    });
  }
  return here;
}

export function keySuggestions(root: JsonSchema, path: readonly PathPart[]): Suggestion[] {
  const seen = new Map<string, Suggestion>();
  for (const s of schemasAt(root, path)) {
    for (const [key, sub] of Object.entries(s.properties ?? {})) {
      const info = expand(root, sub).find((x) => x.description !== undefined)?.description ?? "";
      if (!seen.has(key) || seen.get(key)!.info === "")
        seen.set(key, { label: key, apply: `${key}: `, info });
    }
  }
  return [...seen.values()];
}

export function valueSuggestions(root: JsonSchema, path: readonly PathPart[], key: string): Suggestion[] {
  const out = new Map<string, Suggestion>();
  const add = (v: unknown, info: string) => {
    const text = typeof v === "string" ? v : JSON.stringify(v);
    if (!out.has(text)) out.set(text, { label: text, apply: text, info });
  };
  for (const s of schemasAt(root, [...path, key])) {
    for (const v of s.enum ?? []) add(v, s.description ?? "");
    if (s.const !== undefined) add(s.const, s.description ?? "");
    if (s.type === "boolean") for (const v of [true, false]) add(v, s.description ?? "");
    if (s.default !== undefined && typeof s.default !== "object") add(s.default, "default");
  }
  return [...out.values()];
}
