// The `machine:` section: CPU count and zone sizes.

import { formatSize } from "../engine/units.ts";
import { type FieldTable, readFields, yamlKeys } from "./fields.ts";
import { distinctList, integer, wholeMib } from "./kinds.ts";
import type { MachineSpec } from "./scenario.ts";
import type { Site } from "./site.ts";

const MiB = 1024 * 1024;

export const ZONE_NAMES = ["movable", "cma", "normal", "dma32"] as const;

/**
 * Defaults: a small 4-CPU machine whose user memory sits in ZONE_MOVABLE (kernelcore= style), so
 * a longterm pin has to migrate, with enough ZONE_NORMAL to migrate into and no CMA.
 */
export const MACHINE_TABLE: FieldTable<MachineSpec, unknown> = {
  // 256 is far above any scenario here; the bound turns a typo such as 8000 into an error
  // instead of thousands of per-CPU lru batches and kworkers.
  cpus: { key: "cpus", doc: "Number of CPUs.", kind: integer(1, 256), default: { value: 4 } },
  dma32_mib: {
    key: "dma32",
    doc: "Size of ZONE_DMA32, in whole MiB.",
    kind: wholeMib({ max: 4096, why: "ZONE_DMA32 ends at 4 GiB" }),
    default: { value: 64 },
  },
  normal_mib: {
    key: "normal",
    doc: "Size of ZONE_NORMAL, in whole MiB.",
    kind: wholeMib(),
    default: { value: 256 },
  },
  movable_mib: {
    key: "movable",
    doc: "Size of ZONE_MOVABLE, in whole MiB (0: no movable zone).",
    kind: wholeMib(),
    default: { value: 256 },
  },
  cma_mib: {
    key: "cma",
    doc: "Size of the CMA area carved out of ZONE_NORMAL, in whole MiB.",
    kind: wholeMib(),
    default: { value: 0 },
  },
  movable_alloc_order: {
    key: "movable_alloc_order",
    doc: "Where user (movable) allocations are served from, first choice first.",
    kind: distinctList(ZONE_NAMES),
    default: { value: ZONE_NAMES },
  },
};

export function readMachine(site: Site): MachineSpec {
  const keys = yamlKeys(MACHINE_TABLE);
  const map = site.mapOrEmpty(keys, `a map with keys ${keys.join(", ")}`);
  const machine = readFields(MACHINE_TABLE, map, undefined);
  if (machine.cma_mib > machine.normal_mib) {
    const normal = formatSize(machine.normal_mib * MiB);
    map
      .get("cma")!
      .reject(`at most ${normal} (the CMA area is carved out of ZONE_NORMAL; machine.normal is ${normal})`);
  }
  return machine;
}
