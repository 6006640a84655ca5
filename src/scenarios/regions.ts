// The `regions:` section: the memory the actors map, fault, pin and reference.

import { formatSize } from "../engine/units.ts";
import { HUGE_PAGE_SIZE_BYTES, PAGE_SIZE_BYTES, type RegionContext } from "./context.ts";
import { quoteFound } from "./errors.ts";
import { type FieldTable, readFields, yamlKeys } from "./fields.ts";
import { bool, name, oneOf, size } from "./kinds.ts";
import type { MachineSpec, RegionKind, RegionSpec } from "./scenario.ts";
import type { Site } from "./site.ts";

export const REGION_KINDS: readonly RegionKind[] = ["memfd", "anon", "thp-anon", "hugetlb-memfd"];
const regionKind = oneOf(REGION_KINDS);

/** Huge-page-backed kinds are made of PMD-sized folios, so their size is a whole number of them. */
function sizeGrain(ctx: RegionContext) {
  if (ctx.kind === "thp-anon" || ctx.kind === "hugetlb-memfd") {
    return { max: HUGE_PAGE_SIZE_BYTES, why: `a ${ctx.kind} region is made of 2MiB folios` };
  }
  return { max: PAGE_SIZE_BYTES, why: "regions are whole 4KiB pages" };
}

export const REGION_TABLE: FieldTable<RegionSpec, RegionContext> = {
  name: { key: "name", doc: "Name the actors' `region:` refers to.", kind: name },
  kind: {
    key: "kind",
    doc: "memfd (shmem), anon (private anonymous), thp-anon (anonymous THP), hugetlb-memfd.",
    kind: regionKind,
  },
  size_bytes: { key: "size", doc: "Length of the mapping.", kind: size(sizeGrain) },
  mlock: {
    key: "mlock",
    doc: "mlock state at mmap time: none, onfault (mlock2 MLOCK_ONFAULT), now (mlock, populates).",
    kind: oneOf(["none", "onfault", "now"]),
    default: { value: "none" },
  },
  shared: {
    key: "shared",
    doc: "MAP_SHARED (true) or MAP_PRIVATE (false).",
    kind: bool,
    // A memfd is mapped to be shared with another process (crosvm and the guest), an anonymous
    // region is a process's own memory.
    default: {
      from: (ctx) => ctx.kind === "memfd" || ctx.kind === "hugetlb-memfd",
      doc: "true for memfd kinds, false for anon kinds",
    },
  },
};

const REGION_KEYS = yamlKeys(REGION_TABLE);

export function readRegions(site: Site, machine: MachineSpec): RegionSpec[] {
  const regions: RegionSpec[] = [];
  // A set, not a search of the list: 50,000 regions must not take 50,000^2 comparisons.
  const names = new Set<string>();
  let total_bytes = 0;
  for (const item of site.items("a list of regions, each a map with name, kind and size")) {
    const region = readRegion(item);
    if (names.has(region.name))
      item.peek("name")!.fail(`${quoteFound(region.name)} a second time`, "a region name not used above");
    names.add(region.name);
    total_bytes += region.size_bytes;
    const limit_bytes = machineBytes(machine);
    if (total_bytes > limit_bytes) {
      item.peek("size")!.reject(`regions totalling at most ${formatSize(limit_bytes)}, the machine's memory`);
    }
    regions.push(region);
  }
  return regions;
}

function readRegion(item: Site): RegionSpec {
  const map = item.map(REGION_KEYS, `a region: a map with keys ${REGION_KEYS.join(", ")}`);
  const kind = regionKind.parse(map.require("kind", `one of ${REGION_KINDS.join(", ")}`), undefined);
  return readFields(REGION_TABLE, map, { kind });
}

function machineBytes(m: MachineSpec): number {
  return (m.dma32_mib + m.normal_mib + m.movable_mib) * 1024 * 1024;
}
