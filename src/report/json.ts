// Every `--json` / `--format json` document pinsim prints: snake_case keys throughout (whatever
// the TypeScript field names are), and two keys first: the pinsim version that wrote it and the
// version of the document's layout, raised when a field is renamed or removed (not when one is
// added).

// A JSON module import, not a file read, so the browser playground's bundle carries the version too.
import pkg from "../../package.json" with { type: "json" };

export const SCHEMA_VERSION = 1;

/** pinsim's version, from package.json. */
export function pinsimVersion(): string {
  return pkg.version;
}

/** `body` as a pinsim JSON document, pretty-printed, with a final newline. */
export function jsonDocument(body: object): string {
  const doc = {
    pinsim_version: pinsimVersion(),
    schema_version: SCHEMA_VERSION,
    ...(snakeKeys(body) as object),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** "firstViolation_s" -> "first_violation_s"; keys already in snake_case stay as they are. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** A copy of a JSON value with every object key in snake_case (toJSON() honoured first). */
export function snakeKeys(value: unknown): unknown {
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  )
    return snakeKeys((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), snakeKeys(v)]));
}
