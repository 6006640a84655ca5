// mm_struct, VMAs, page tables and address spaces (page cache). Addresses are page indices.

export const VM_WRITE = 1 << 1;
export const VM_SHARED = 1 << 3;
export const VM_LOCKED = 1 << 13;
export const VM_IO = 1 << 14;
export const VM_PFNMAP = 1 << 10;
export const VM_LOCKONFAULT = 1 << 25;
/** VM_SPECIAL: VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP (only the two modelled here). */
export const VM_SPECIAL = VM_IO | VM_PFNMAP;

/** PTE value: no page. */
export const PTE_NONE = -1;
/** PTE values <= -2 are migration entries for folio (-pte - 2). */
export function migrationEntry(folio: number): number {
  return -folio - 2;
}
export function isMigrationEntry(pte: number): boolean {
  return pte <= -2;
}
export function migrationEntryFolio(pte: number): number {
  return -pte - 2;
}

export type VmaKind = "anon" | "shmem" | "hugetlb";

/** A page cache: memfd / shmem / hugetlbfs file. */
export interface AddressSpace {
  readonly id: number;
  readonly name: string;
  /** index -> head folio id covering that page, or -1. */
  pages: Int32Array;
  /** Order of folios created for this file: 0, or 9 for hugetlb. */
  readonly folioOrder: number;
  readonly hugetlb: boolean;
}

export interface Vma {
  readonly id: number;
  readonly mm: Mm;
  readonly start: number;
  readonly nrPages: number;
  flags: number;
  readonly kind: VmaKind;
  readonly mapping: AddressSpace | null;
  readonly pgoff: number;
  /** Anonymous faults allocate PMD-sized THPs (MADV_HUGEPAGE; MADV_NOHUGEPAGE clears it). */
  thp: boolean;
  /** pte[i] for page start + i: folio id, PTE_NONE, or a migration entry. */
  readonly pte: Int32Array;
  /** pmd[i >> 9] = 1 when that 2 MiB block is PMD-mapped (one mapping for the whole folio). */
  readonly pmd: Uint8Array;
  unmapped: boolean;
}

export interface Mm {
  readonly id: number;
  readonly vmas: Vma[];
  /** MMF_HAS_PINNED: set by the first FOLL_PIN, never cleared (§1.3). */
  hasPinned: boolean;
  nextFreePage: number;
  /** mm->def_flags: VM_LOCKED (| VM_LOCKONFAULT) after mlockall(MCL_FUTURE). */
  defFlags: number;
}

export const HPAGE_PMD_ORDER = 9;
export const HPAGE_PMD_NR = 1 << HPAGE_PMD_ORDER;

export function findVma(mm: Mm, page: number): Vma | null {
  for (const vma of mm.vmas) {
    if (!vma.unmapped && page >= vma.start && page < vma.start + vma.nrPages) return vma;
  }
  return null;
}

export function vmaIsLocked(vma: Vma): boolean {
  return (vma.flags & (VM_LOCKED | VM_SPECIAL)) === VM_LOCKED;
}

/** The distinct folios `vma` maps (the zero page and migration entries excluded), in address order. */
export function presentFolios(vma: Vma, zeroFolio: number): number[] {
  const out: number[] = [];
  let prev = -1;
  for (let i = 0; i < vma.pte.length; i++) {
    const pte = vma.pte[i]!;
    if (pte === PTE_NONE || isMigrationEntry(pte) || pte === zeroFolio || pte === prev) continue;
    out.push(pte);
    prev = pte;
  }
  return out;
}
