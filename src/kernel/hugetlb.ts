// mm/hugetlb.c: isolating a hugetlb folio for migration and putting it back (kernel-model.md
// §3.4 step 4): no LRU and no NR_ISOLATED accounting, only the "migratable" flag and a reference.

import { F_HUGETLB, F_HUGETLB_MIGRATABLE, F_ISOLATED } from "./folio_flags.ts";
import { H_ISOLATION } from "./holders.ts";
import type { Kernel } from "./kernel.ts";
import { VM_BUG_ON_FOLIO } from "./mmdebug.ts";

/** folio_isolate_hugetlb(): only if still migratable; clears it and takes a reference. */
export function folioIsolateHugetlb(k: Kernel, f: number): boolean {
  const t = k.folios;
  if (!t.test(f, F_HUGETLB) || !t.test(f, F_HUGETLB_MIGRATABLE) || k.refcount(f) === 0) return false;
  VM_BUG_ON_FOLIO(t.test(f, F_ISOLATED), k, f, "isolating an isolated hugetlb folio");
  t.clear(f, F_HUGETLB_MIGRATABLE);
  t.set(f, F_ISOLATED);
  k.folioGet(f, H_ISOLATION);
  return true;
}

/** folio_putback_hugetlb(): migratable again, and the isolation reference dropped. */
export function folioPutbackHugetlb(k: Kernel, f: number): void {
  const t = k.folios;
  VM_BUG_ON_FOLIO(
    !t.test(f, F_HUGETLB) || !t.test(f, F_ISOLATED),
    k,
    f,
    "putback of a hugetlb folio not isolated",
  );
  VM_BUG_ON_FOLIO(t.test(f, F_HUGETLB_MIGRATABLE), k, f, "isolated hugetlb folio still migratable");
  k.folios.set(f, F_HUGETLB_MIGRATABLE);
  k.folios.clear(f, F_ISOLATED);
  k.folioPut(f, H_ISOLATION);
}
