// A scenario region made real: a memfd (shmem or hugetlbfs) or anonymous memory, mapped into the
// scenario's process. Every actor of a scenario works in that one process (design decision: pKVM's
// vCPU thread pins crosvm's own mapping; io_uring and the GPU driver act on the submitting
// process's memory), so a region is one VMA of one mm.

import { KEY_PAGE_TABLES, type Kernel } from "../kernel/kernel.ts";
import { memfdCreate } from "../kernel/memfd.ts";
import { type AddressSpace, isMigrationEntry, type Mm, PTE_NONE, type Vma } from "../kernel/mm.ts";
import { mmapRegion } from "../kernel/mmap.ts";
import type { RegionSpec } from "../scenarios/scenario.ts";

const PAGE_SIZE_BYTES = 4096;

export interface Region {
  readonly spec: RegionSpec;
  readonly mm: Mm;
  readonly vma: Vma;
  /** The memfd's page cache; null for anonymous regions. */
  readonly space: AddressSpace | null;
  readonly nrPages: number;
}

/**
 * memfd_create() + mmap(), or an anonymous mmap(). A MAP_PRIVATE memfd is mapped like a shared
 * one: pinsim does not model copy-on-write of file pages, and every scenario writes through the
 * mapping of the one process that owns it.
 */
export function mapRegion(k: Kernel, mm: Mm, spec: RegionSpec, file?: AddressSpace): Region {
  const nrPages = spec.size_bytes / PAGE_SIZE_BYTES;
  if (spec.kind === "anon" || spec.kind === "thp-anon") {
    const vma = mmapRegion(k, mm, {
      kind: "anon",
      nrPages,
      thp: spec.kind === "thp-anon",
      shared: spec.shared,
    });
    return { spec, mm, vma, space: null, nrPages };
  }
  const hugetlb = spec.kind === "hugetlb-memfd";
  const space = file ?? memfdCreate(k, spec.name, nrPages, hugetlb);
  const vma = mmapRegion(k, mm, {
    kind: hugetlb ? "hugetlb" : "shmem",
    nrPages,
    mapping: space,
    shared: spec.shared,
  });
  return { spec, mm, vma, space, nrPages };
}

/** The user address (page index in the mm) of region page `page`. */
export function regionAddress(r: Region, page: number): number {
  return r.vma.start + page;
}

/**
 * The folio mapped at region page `page`, or -1 when there is none a device or reader could
 * reference: not faulted yet, unmapped, the shared zero page, or under migration.
 */
export function folioAt(k: Kernel, r: Region, page: number): number {
  // Reading a PTE decides what the step does: the model checker must see the read.
  k.touch(KEY_PAGE_TABLES, false);
  if (r.vma.unmapped) return -1;
  k.touchPte(r.vma, page, false);
  const pte = r.vma.pte[page]!;
  if (pte === PTE_NONE || isMigrationEntry(pte) || pte === k.zeroFolio) return -1;
  return pte;
}

/** The region page a folio sits at (its first page): folio->index, as the pgoff is 0. */
export function folioPage(k: Kernel, f: number): number {
  return k.folios.index[f]!;
}
