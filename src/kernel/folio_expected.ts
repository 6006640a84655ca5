// folio_expected_ref_count() (kernel-model.md §1.4): references a folio should have from the
// page cache, swap cache, PG_private and page-table mappings — never batches, isolation or GUP.

import { F_ANON, PG_private, PG_private_2, PG_swapcache } from "./folio_flags.ts";
import type { Kernel } from "./kernel.ts";
import { VM_BUG_ON_FOLIO } from "./mmdebug.ts";

export function folioExpectedRefCount(k: Kernel, f: number): number {
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.mapcount[f]! < 0, k, f, "negative mapcount");
  const anon = t.test(f, F_ANON);
  const nr = t.nrPages(f);
  let expected = 0;
  if (t.test(f, PG_swapcache) && (anon || k.config.expected_counts_non_anon_swapcache)) expected += nr;
  if (!anon && t.mapping[f]! >= 0) {
    expected += nr;
    if (t.test(f, PG_private)) expected += 1;
    // PG_private_2 is never counted since 6.0; page_has_private() counted it before (§1.4, §8).
    else if (t.test(f, PG_private_2) && k.config.expected_counts_private_2) expected += 1;
  }
  return expected + t.mapcount[f]!;
}
