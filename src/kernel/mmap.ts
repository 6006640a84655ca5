// mm/mmap.c: mmap() and munmap(), and the mm_struct they work on (kernel-model.md §5.4).

import type { Proc } from "../engine/op.ts";
import { H_MAPPING } from "./holders.ts";
import { KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { mlockDrainLocal, munlockFolio } from "./mlock.ts";
import {
  type AddressSpace,
  HPAGE_PMD_NR,
  type Mm,
  PTE_NONE,
  presentFolios,
  VM_LOCKED,
  VM_SHARED,
  VM_WRITE,
  type Vma,
  type VmaKind,
} from "./mm.ts";
import { VM_BUG_ON } from "./mmdebug.ts";

/** mm_alloc() (kernel/fork.c): an empty address space, kept beside the mmap() that fills it. */
export function mmAlloc(k: Kernel): Mm {
  const mm: Mm = { id: k.mms.length, vmas: [], hasPinned: false, nextFreePage: 0x10000, defFlags: 0 };
  k.mms.push(mm);
  return mm;
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
  VM_BUG_ON(
    (opts.kind === "anon") !== (opts.mapping === undefined),
    "anon mapping with a file or file without one",
  );
  const start = alignUp(mm.nextFreePage, HPAGE_PMD_NR);
  mm.nextFreePage = start + alignUp(opts.nrPages, HPAGE_PMD_NR) + HPAGE_PMD_NR; // leave a hole
  const vma: Vma = {
    id: k.vmas.length,
    mm,
    start,
    nrPages: opts.nrPages,
    flags: VM_WRITE | (opts.shared ? VM_SHARED : 0) | mm.defFlags,
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

/** munmap(): zap every PTE, dropping mapping references (folios may be freed). */
export function* munmap(k: Kernel, vma: Vma): Proc {
  const t = k.folios;
  VM_BUG_ON(vma.unmapped, "munmap of an unmapped vma");
  k.touch(KEY_PAGE_TABLES, true);
  const locked = (vma.flags & VM_LOCKED) !== 0;
  for (const f of presentFolios(vma, k.zeroFolio)) {
    if (locked) munlockFolio(k, f);
    t.mapcount[f] = t.mapcount[f]! - 1;
    k.folioPut(f, H_MAPPING);
  }
  vma.pte.fill(PTE_NONE);
  vma.unmapped = true;
  mlockDrainLocal(k);
  yield k.cost(vma.nrPages * 50);
}

function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}
