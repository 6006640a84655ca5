// The `check:` section: the small configuration `pinsim check` explores. A model checker needs a
// few folios and CPUs; batches sized for thousands of pages never fill with two, so a scenario
// whose failure needs a full batch says how small the batch is here (documented per scenario).

import { type FieldTable, readFields, yamlKeys } from "./fields.ts";
import { integer, type ValueKind } from "./kinds.ts";
import type { CheckSpec } from "./scenario.ts";
import type { Site } from "./site.ts";

function orNull(kind: ValueKind<number>): ValueKind<number | null> {
  return {
    parse: (site, ctx) => (site.isEmpty() ? null : kind.parse(site, ctx)),
    schema: () => ({ anyOf: [kind.schema(), { type: "null" }] }),
    show: (v) => v,
  };
}

export const CHECK_TABLE: FieldTable<CheckSpec, unknown> = {
  folios: {
    key: "folios",
    doc: "Pages of each region under check (operations on more pages are cut to these).",
    kind: integer(1, 16),
    default: { value: 1 },
  },
  cpus: {
    key: "cpus",
    doc: "CPUs of the small machine; tasks fold onto them in CPU order. Default: one per CPU the tasks use.",
    kind: orNull(integer(1, 16)),
    default: { value: null },
  },
  batch_size: {
    key: "batch_size",
    doc: "LRU batch size of the small machine (the kernel's is 15 or 31).",
    kind: orNull(integer(1, 31)),
    default: { value: null },
  },
};

export function readCheck(site: Site): CheckSpec {
  const keys = yamlKeys(CHECK_TABLE);
  return readFields(CHECK_TABLE, site.mapOrEmpty(keys, `a map with keys ${keys.join(", ")}`), undefined);
}
