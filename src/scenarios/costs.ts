// The `costs:` section: cost-model overrides (virtual ns). The kernel layer owns the cost names
// (DEFAULT_COSTS); they are checked here so an unknown one is reported at its line and column.

import { DEFAULT_COSTS } from "../kernel/cost_model.ts";
import { didYouMean } from "../versions/suggest.ts";
import { quoteFound } from "./errors.ts";
import { duration, durationSchema, type JsonSchema } from "./kinds.ts";
import type { Site } from "./site.ts";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const cost = duration();

export function readCosts(site: Site): Record<string, number> {
  const map = site.mapOrEmpty(null, 'a map of cost names to durations, such as "lru_add_drain_all: 40us"');
  const entries: [string, number][] = [];
  for (const [key, entry] of map.entries) {
    if (!IDENTIFIER.test(key))
      entry.key.fail(`cost name ${quoteFound(key)}`, "an identifier (letters, digits, '_')");
    if (!Object.hasOwn(DEFAULT_COSTS, key)) {
      const names = Object.keys(DEFAULT_COSTS);
      entry.key.fail(
        `unknown cost ${quoteFound(key)}`,
        `one of ${names.join(", ")}${didYouMean(key, names)}`,
      );
    }
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
