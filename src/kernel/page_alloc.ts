// Zones, CMA pageblocks and the allocation rules the pin path depends on (kernel-model.md §2,
// §3.2, §3.5), and folio_alloc() on top of them. Page-count bookkeeping only: pinsim does not
// model fragmentation or pfn ranges.

import { H_ALLOC } from "./holders.ts";
import { KEY_ZONES, type Kernel } from "./kernel.ts";
import { VM_BUG_ON, VM_BUG_ON_FOLIO } from "./mmdebug.ts";

export const ZONE_DMA32 = 0;
export const ZONE_NORMAL = 1;
export const ZONE_MOVABLE = 2;
export const ZONE_NAMES = ["DMA32", "Normal", "Movable"] as const;

/** MAX_PAGE_ORDER (x86-64 default): the largest folio the page allocator hands out. */
export const MAX_PAGE_ORDER = 10;

export const MIGRATE_MOVABLE = 0;
export const MIGRATE_CMA = 1;
export const MIGRATE_ISOLATE = 2;

/** Where a movable allocation may be placed. */
export type AllocPlace = "movable" | "cma" | "normal" | "dma32";

export interface ZoneLayout {
  dma32_pages: number;
  normal_pages: number;
  movable_pages: number;
  /** CMA pageblocks inside ZONE_NORMAL. */
  cma_pages: number;
  movable_alloc_order: readonly AllocPlace[];
  /** Places too fragmented for any order > 0 allocation (pinsim counts pages, not pfn ranges). */
  fragmented?: readonly AllocPlace[];
}

export interface GfpContext {
  /** __GFP_MOVABLE (GFP_HIGHUSER_MOVABLE for user faults; GFP_USER migration targets lack it). */
  readonly movable: boolean;
  /** PF_MEMALLOC_PIN of the allocating task: no ZONE_MOVABLE, no CMA (§3.2, [M]). */
  readonly memallocPin: boolean;
}

export interface Placement {
  readonly zone: number;
  readonly migratetype: number;
}

export class Zones {
  /** Free pages per place. */
  private readonly free: Record<AllocPlace, number>;
  readonly layout: ZoneLayout;

  constructor(layout: ZoneLayout) {
    this.layout = layout;
    this.free = {
      dma32: layout.dma32_pages,
      normal: layout.normal_pages - layout.cma_pages,
      movable: layout.movable_pages,
      cma: layout.cma_pages,
    };
  }

  freePages(place: AllocPlace): number {
    return this.free[place];
  }

  /** Picks a place for `nrPages` honouring the GFP context, or null when nothing fits. */
  allocate(nrPages: number, gfp: GfpContext): Placement | null {
    for (const place of this.order(gfp)) {
      if (nrPages > 1 && this.layout.fragmented?.includes(place)) continue;
      if (this.free[place] >= nrPages) {
        this.free[place] -= nrPages;
        return placementOf(place);
      }
    }
    return null;
  }

  /** Accounts pages taken in place (the pieces of a split reuse the large folio's pages). */
  take(nrPages: number, zone: number, migratetype: number): void {
    this.free[placeOf(zone, migratetype)] -= nrPages;
  }

  release(nrPages: number, zone: number, migratetype: number): void {
    this.free[placeOf(zone, migratetype)] += nrPages;
  }

  private order(gfp: GfpContext): readonly AllocPlace[] {
    const pinnableOnly = !gfp.movable || gfp.memallocPin;
    if (pinnableOnly) return ["normal", "dma32"];
    return this.layout.movable_alloc_order;
  }
}

/** One constant per place: an allocation returns it, allocating nothing itself. */
const PLACEMENTS: Readonly<Record<AllocPlace, Placement>> = {
  dma32: { zone: ZONE_DMA32, migratetype: MIGRATE_MOVABLE },
  normal: { zone: ZONE_NORMAL, migratetype: MIGRATE_MOVABLE },
  cma: { zone: ZONE_NORMAL, migratetype: MIGRATE_CMA },
  movable: { zone: ZONE_MOVABLE, migratetype: MIGRATE_MOVABLE },
};

function placementOf(place: AllocPlace): Placement {
  return PLACEMENTS[place];
}

function placeOf(zone: number, migratetype: number): AllocPlace {
  if (zone === ZONE_MOVABLE) return "movable";
  if (zone === ZONE_DMA32) return "dma32";
  return migratetype === MIGRATE_CMA ? "cma" : "normal";
}

/**
 * folio_alloc(): a folio with the allocation reference held, -1 if no zone can take it. A task
 * under PF_MEMALLOC_PIN never gets ZONE_MOVABLE or CMA.
 */
export function folioAlloc(k: Kernel, order: number, movable: boolean): number {
  VM_BUG_ON(order < 0 || order > MAX_PAGE_ORDER, "folio_alloc of an order the buddy allocator lacks");
  k.touch(KEY_ZONES, true);
  const place = k.zones.allocate(1 << order, { movable, memallocPin: k.current().pfMemallocPin });
  if (place === null) return -1;
  const f = k.folios.create(order, place.zone, place.migratetype);
  k.folioGet(f, H_ALLOC);
  VM_BUG_ON_FOLIO(k.folios.refcount[f] !== 1, k, f, "a new folio with other references");
  return f;
}
