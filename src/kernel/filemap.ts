// mm/filemap.c: folio_end_writeback(), the end of a folio's I/O (page_writeback.ts starts it).

import { PG_writeback } from "./folio_flags.ts";
import { folioKey, type Kernel } from "./kernel.ts";
import { VM_BUG_ON_FOLIO } from "./mmdebug.ts";

/**
 * folio_end_writeback(): clears PG_writeback and wakes every task in folio_wait_writeback().
 * PG_reclaim's rotation to the inactive tail is not modelled (nothing sets PG_reclaim). A folio
 * freed meanwhile (a real kernel keeps it: truncation and reclaim wait for writeback) is skipped.
 */
export function folioEndWriteback(k: Kernel, f: number): void {
  const t = k.folios;
  k.touch(folioKey(f), true);
  if (t.isFreed(f)) return;
  VM_BUG_ON_FOLIO(!t.test(f, PG_writeback), k, f, "end of writeback of a folio not under writeback");
  t.clear(f, PG_writeback);
  k.wakeWritebackWaiters(f);
}
