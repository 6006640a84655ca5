// The `costs:` section: cost-model overrides (virtual ns). Names are checked against the cost
// model by the kernel layer, which owns them; here a key only has to be an identifier.

import { duration, durationSchema, type JsonSchema } from "./kinds.ts";
import type { Site } from "./site.ts";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const cost = duration();

export function readCosts(site: Site): Record<string, number> {
  const map = site.mapOrEmpty(null, 'a map of cost names to durations, such as "lru_add_drain_all: 40us"');
  const entries: [string, number][] = [];
  for (const [key, entry] of map.entries) {
    if (!IDENTIFIER.test(key)) entry.key.fail(`cost name "${key}"`, "an identifier (letters, digits, '_')");
    entries.push([key, cost.parse(entry.value, undefined)]);
  }
  // fromEntries defines own properties, so even a key named __proto__ stays data.
  return Object.fromEntries(entries);
}

export function costsSchema(): JsonSchema {
  return {
    type: "object",
    propertyNames: { pattern: IDENTIFIER.source },
    additionalProperties: durationSchema(),
  };
}
