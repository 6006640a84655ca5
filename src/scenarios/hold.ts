// Hold-time distributions (`hold: {dist: exponential, mean: 100us}`): how long a transient
// reference (a GPU operation, a short-term GUP read) keeps its page before dropping it.

import { formatDuration } from "../engine/units.ts";
import { type FieldTable, readFields, showFields, tableSchema, yamlKeys } from "./fields.ts";
import { duration, type JsonSchema, oneOf, real, type ValueKind } from "./kinds.ts";
import type { HoldDistribution } from "./scenario.ts";
import type { Site } from "./site.ts";

type Dist = HoldDistribution["dist"];
type Params<D extends Dist> = Omit<Extract<HoldDistribution, { dist: D }>, "dist">;

export const HOLD_TABLES: { readonly [D in Dist]: FieldTable<Params<D>, unknown> } = {
  fixed: { value_ns: { key: "value", doc: "The hold time.", kind: duration() } },
  uniform: {
    min_ns: { key: "min", doc: "Shortest hold.", kind: duration() },
    max_ns: { key: "max", doc: "Longest hold (at least min).", kind: duration() },
  },
  exponential: { mean_ns: { key: "mean", doc: "Mean hold time.", kind: duration({ min_ns: 1 }) } },
  lognormal: {
    median_ns: { key: "median", doc: "Median hold time.", kind: duration({ min_ns: 1 }) },
    // At sigma 5 the 99th percentile is already ~1e5 times the median, past any plausible hold.
    sigma: { key: "sigma", doc: "Standard deviation of the underlying normal.", kind: real(0, 5) },
  },
};

const DISTS = Object.keys(HOLD_TABLES) as Dist[];

/** One dist's table, widened so code can walk any of them the same way. */
function tableOf(dist: Dist): FieldTable<Record<string, number>, unknown> {
  return HOLD_TABLES[dist] as FieldTable<Record<string, number>, unknown>;
}
const distKind = oneOf(DISTS);

export const hold: ValueKind<HoldDistribution> = {
  parse(site) {
    const expected = `a map such as {dist: exponential, mean: 100us}; dist is one of ${DISTS.join(", ")}`;
    if (site.peek("dist") === undefined) {
      site.map(null, expected).require("dist", `one of ${DISTS.join(", ")}`);
    }
    const dist = distKind.parse(site.peek("dist")!, undefined);
    return readDist(site, dist);
  },
  schema: () => ({ $ref: "#/$defs/hold" }),
  show: showHold,
};

export function holdDef(): JsonSchema {
  return {
    description: "A hold-time distribution, chosen by dist.",
    oneOf: DISTS.map((d) =>
      tableSchema(tableOf(d), { dist: { const: d, description: `${d} distribution` } }),
    ),
  };
}

function readDist(site: Site, dist: Dist): HoldDistribution {
  const table = tableOf(dist);
  const map = site.map(["dist", ...yamlKeys(table)], `a map of dist and ${yamlKeys(table).join(", ")}`);
  const params = readFields(table, map, undefined);
  const h = { dist, ...params } as HoldDistribution;
  if (h.dist === "uniform" && h.min_ns > h.max_ns) {
    map.get("max")!.reject(`at least min (${formatDuration(h.min_ns)})`);
  }
  return h;
}

function showHold(h: HoldDistribution): unknown {
  const { dist, ...params } = h;
  const table = tableOf(dist);
  return { dist, ...showFields(table, params as Record<string, number>) };
}
