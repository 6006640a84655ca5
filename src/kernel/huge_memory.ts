// mm/huge_memory.c: splitting an isolated, PMD-mapped anonymous THP during migration (§6.4).

import { folioExpectedRefCount } from "./folio_expected.ts";
import {
  F_ANON,
  F_ISOLATED,
  PG_anon_exclusive,
  PG_dirty,
  PG_mlocked,
  PG_swapbacked,
  PG_uptodate,
} from "./folio_flags.ts";
import { H_ISOLATION, H_MAPPING } from "./holders.ts";
import { KEY_PAGE_TABLES, type Kernel } from "./kernel.ts";
import { HPAGE_PMD_ORDER } from "./mm.ts";
import { VM_BUG_ON_FOLIO } from "./mmdebug.ts";

/**
 * split_huge_page_to_list() for an isolated anon THP: returns the order-0 pieces (each mapped by
 * its PTE and isolated), or null when extra references forbid the split (-EAGAIN).
 */
export function splitHugePageToList(k: Kernel, src: number): number[] | null {
  const t = k.folios;
  VM_BUG_ON_FOLIO(
    !t.isLarge(src) || !t.test(src, F_ISOLATED),
    k,
    src,
    "split of a small or unisolated folio",
  );
  if (!t.test(src, F_ANON)) return null; // only anonymous THPs are modelled splittable
  if (k.refcount(src) !== folioExpectedRefCount(k, src) + 1) return null;
  const vma = k.vmas[t.mapping[src]!]!;
  k.touch(KEY_PAGE_TABLES, true); // the PMD mapping becomes PTEs
  const first = t.index[src]!;
  const nr = t.nrPages(src);
  const mapped = t.mapcount[src]! > 0;
  const inherit =
    t.flags[src]! & (F_ANON | PG_swapbacked | PG_dirty | PG_uptodate | PG_anon_exclusive | PG_mlocked);
  const pieces: number[] = [];
  for (let p = 0; p < nr; p++) {
    const piece = t.create(0, t.zone[src]!, t.migratetype[src]!);
    t.set(piece, inherit | F_ISOLATED);
    t.mapping[piece] = vma.id;
    t.index[piece] = first + p;
    k.folioGet(piece, H_ISOLATION);
    if (mapped) {
      vma.pte[first + p] = piece;
      t.mapcount[piece] = 1;
      k.folioGet(piece, H_MAPPING);
    }
    pieces.push(piece);
  }
  k.zones.take(nr, t.zone[src]!, t.migratetype[src]!);
  if (mapped) {
    vma.pmd[first >> HPAGE_PMD_ORDER] = 0;
    t.mapcount[src] = 0;
    k.folioPut(src, H_MAPPING);
  }
  t.clear(src, F_ISOLATED);
  k.folioPut(src, H_ISOLATION);
  VM_BUG_ON_FOLIO(!t.isFreed(src), k, src, "the split folio survived its split");
  return pieces;
}
