// Creating address spaces and mappings, mlock2()/munlock()/munmap() (kernel-model.md §5.4).

import type { Proc } from "../engine/op.ts";
import { H_MAPPING } from "./holders.ts";
import { KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { mlockDrainLocal, mlockFolio, munlockFolio } from "./mlock.ts";
import {
  type AddressSpace,
  HPAGE_PMD_NR,
  HPAGE_PMD_ORDER,
  isMigrationEntry,
  type Mm,
  PTE_NONE,
  VM_IO,
  VM_LOCKED,
  VM_LOCKONFAULT,
  VM_SHARED,
  VM_WRITE,
  type Vma,
  type VmaKind,
} from "./mm.ts";
import { lruAddDrain } from "./swap.ts";

export function newMm(k: Kernel): Mm {
  const mm: Mm = { id: k.mms.length, vmas: [], hasPinned: false, nextFreePage: 0x10000 };
  k.mms.push(mm);
  return mm;
}

/** memfd_create() (shmem) or a hugetlbfs memfd: a page cache of `nrPages`. */
export function memfdCreate(k: Kernel, name: string, nrPages: number, hugetlb: boolean): AddressSpace {
  const space: AddressSpace = {
    id: k.spaces.length,
    name,
    pages: new Int32Array(nrPages).fill(-1),
    folioOrder: hugetlb ? HPAGE_PMD_ORDER : 0,
    hugetlb,
  };
  k.spaces.push(space);
  return space;
}

export interface MmapOptions {
  kind: VmaKind;
  nrPages: number;
  mapping?: AddressSpace;
  shared?: boolean;
  thp?: boolean;
}

/** mmap(): a new VMA at the next free, 2 MiB-aligned address. Returns it (start = page index). */
export function mmapRegion(k: Kernel, mm: Mm, opts: MmapOptions): Vma {
  const start = alignUp(mm.nextFreePage, HPAGE_PMD_NR);
  mm.nextFreePage = start + alignUp(opts.nrPages, HPAGE_PMD_NR) + HPAGE_PMD_NR; // leave a hole
  const vma: Vma = {
    id: k.vmas.length,
    mm,
    start,
    nrPages: opts.nrPages,
    flags: VM_WRITE | (opts.shared ? VM_SHARED : 0),
    kind: opts.kind,
    mapping: opts.mapping ?? null,
    pgoff: 0,
    thp: opts.thp ?? false,
    pte: new Int32Array(opts.nrPages).fill(PTE_NONE),
    pmd: new Uint8Array(Math.ceil(opts.nrPages / HPAGE_PMD_NR)),
    unmapped: false,
  };
  k.vmas.push(vma);
  mm.vmas.push(vma);
  return vma;
}

/**
 * mlock2(MLOCK_ONFAULT) when `onfault`, else mlock(): sets VM_LOCKED (| VM_LOCKONFAULT) and runs
 * mlock_vma_pages_range() over pages already present; nothing is populated for ONFAULT.
 */
export function* mlock2(k: Kernel, vma: Vma, onfault: boolean): Proc {
  k.traceFunc("func_begin", "mlock2");
  k.touch(KEY_PAGE_TABLES, true); // vma flags: the model checker's footprint
  vma.flags |= VM_LOCKED | (onfault ? VM_LOCKONFAULT : 0);
  yield* mlockVmaPagesRange(k, vma, true);
  k.traceFunc("func_end", "mlock2");
}

export function* munlock(k: Kernel, vma: Vma): Proc {
  k.touch(KEY_PAGE_TABLES, true);
  vma.flags &= ~(VM_LOCKED | VM_LOCKONFAULT);
  yield* mlockVmaPagesRange(k, vma, false);
}

function* mlockVmaPagesRange(k: Kernel, vma: Vma, lock: boolean): Proc {
  vma.flags |= VM_IO; // keeps faults from mlocking while the walk runs, as the kernel does
  yield* lruAddDrain(k);
  for (const f of presentFolios(k, vma)) {
    if (lock) mlockFolio(k, f);
    else munlockFolio(k, f);
  }
  k.touch(KEY_PAGE_TABLES, true);
  vma.flags &= ~VM_IO;
  yield* lruAddDrain(k);
}

/** munmap(): zap every PTE, dropping mapping references (folios may be freed). */
export function* munmap(k: Kernel, vma: Vma): Proc {
  const t = k.folios;
  k.touch(KEY_PAGE_TABLES, true);
  const locked = (vma.flags & VM_LOCKED) !== 0;
  for (const f of presentFolios(k, vma)) {
    if (locked) munlockFolio(k, f);
    t.mapcount[f] = t.mapcount[f]! - 1;
    k.folioPut(f, H_MAPPING);
  }
  vma.pte.fill(PTE_NONE);
  vma.unmapped = true;
  mlockDrainLocal(k);
  yield k.cost(vma.nrPages * 50);
}

/** Distinct folios mapped by the vma (zero page and migration entries excluded). */
function presentFolios(k: Kernel, vma: Vma): number[] {
  const out: number[] = [];
  let prev = -1;
  for (let i = 0; i < vma.pte.length; i++) {
    const pte = vma.pte[i]!;
    if (pte === PTE_NONE || isMigrationEntry(pte) || pte === k.zeroFolio || pte === prev) continue;
    out.push(pte);
    prev = pte;
  }
  return out;
}

function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}
