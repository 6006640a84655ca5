// The `properties:` section: what a run must satisfy. Each item is a bare name
// (`- every-pin-succeeds`) or a one-key map carrying a bound (`- max-outer-retries: 3`).

import { didYouMean } from "../versions/suggest.ts";
import { quoteFound } from "./errors.ts";
import { integer, type JsonSchema, type ValueKind } from "./kinds.ts";
import type { PropertySpec } from "./scenario.ts";
import type { Site } from "./site.ts";

interface PropertyKind {
  readonly doc: string;
  /** null: the property is a bare name and takes no value. */
  readonly value: ValueKind<number> | null;
}

export const PROPERTY_KINDS = {
  "every-pin-succeeds": {
    doc: "Every longterm pin attempt succeeds (no error reaches the pinning caller).",
    value: null,
  },
  "max-outer-retries": {
    doc: "No pin goes round the outer migrate-and-retry loop more than this many times.",
    value: integer(0),
  },
  "max-global-drains-per-pin": {
    doc: "No pin calls lru_add_drain_all() more than this many times.",
    value: integer(0),
  },
} as const satisfies { readonly [K in PropertySpec["kind"]]: PropertyKind };

type PropertyKindName = keyof typeof PROPERTY_KINDS;
export const PROPERTY_NAMES = Object.keys(PROPERTY_KINDS) as PropertyKindName[];

export function readProperties(site: Site): PropertySpec[] {
  if (site.isEmpty()) return [];
  const properties: PropertySpec[] = [];
  for (const item of site.items(
    'a list of properties such as "- every-pin-succeeds" or "- max-outer-retries: 3"',
  )) {
    const p = readProperty(item);
    if (properties.some((q) => q.kind === p.kind))
      item.fail(`property "${p.kind}" a second time`, "each property once");
    properties.push(p);
  }
  return properties;
}

function readProperty(item: Site): PropertySpec {
  const { kind, nameSite, valueSite } = splitItem(item);
  const spec = PROPERTY_KINDS[kind];
  if (spec.value === null) {
    if (valueSite !== undefined) valueSite.reject(`no value: ${kind} takes none, write "- ${kind}"`);
    return { kind } as PropertySpec;
  }
  if (valueSite === undefined)
    return nameSite.fail(`${kind} without a value`, `"- ${kind}: N" with N an integer >= 0`);
  return { kind, value: spec.value.parse(valueSite, undefined) } as PropertySpec;
}

function splitItem(item: Site): { kind: PropertyKindName; nameSite: Site; valueSite: Site | undefined } {
  const expected = `a property name (${PROPERTY_NAMES.join(", ")}) or a one-key map such as "max-outer-retries: 3"`;
  if (typeof item.plain() === "string")
    return { kind: propertyName(item, item.plain() as string), nameSite: item, valueSite: undefined };
  const map = item.map(null, expected);
  if (map.entries.size !== 1) item.fail(`a map with ${map.entries.size} keys`, expected);
  const [key, entry] = [...map.entries][0]!;
  return { kind: propertyName(entry.key, key), nameSite: entry.key, valueSite: entry.value };
}

function propertyName(site: Site, name: string): PropertyKindName {
  // Own keys only: "toString" or "constructor" must not find Object.prototype's.
  if (Object.hasOwn(PROPERTY_KINDS, name)) return name as PropertyKindName;
  return site.fail(
    `unknown property ${quoteFound(name)}`,
    `one of ${PROPERTY_NAMES.join(", ")}${didYouMean(name, PROPERTY_NAMES)}`,
  );
}

export function propertiesSchema(): JsonSchema {
  const bare = PROPERTY_NAMES.filter((k) => PROPERTY_KINDS[k].value === null);
  const valued = PROPERTY_NAMES.filter((k) => PROPERTY_KINDS[k].value !== null);
  return {
    type: "array",
    items: {
      oneOf: [
        { enum: bare, description: bare.map((k) => `${k}: ${PROPERTY_KINDS[k].doc}`).join(" ") },
        ...valued.map((k) => ({
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          properties: { [k]: { ...PROPERTY_KINDS[k].value!.schema(), description: PROPERTY_KINDS[k].doc } },
        })),
      ],
    },
  };
}
