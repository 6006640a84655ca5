// The machine's zones in pages, as the kernel model's page allocator takes them.

import type { ZoneLayout } from "../kernel/page_alloc.ts";
import type { MachineSpec } from "../scenarios/scenario.ts";

export const PAGES_PER_MIB = 256;

/** Zone sizes in pages (MiB * 256); the CMA area is carved out of ZONE_NORMAL. */
export function zoneLayout(spec: MachineSpec): ZoneLayout {
  return {
    dma32_pages: spec.dma32_mib * PAGES_PER_MIB,
    normal_pages: spec.normal_mib * PAGES_PER_MIB,
    movable_pages: spec.movable_mib * PAGES_PER_MIB,
    cma_pages: spec.cma_mib * PAGES_PER_MIB,
    movable_alloc_order: spec.movable_alloc_order,
  };
}
