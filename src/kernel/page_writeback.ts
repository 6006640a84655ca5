// mm/page-writeback.c: a folio's writeback state, PG_writeback, from the start of its I/O until
// folio_end_writeback() (filemap.ts), and folio_wait_writeback() (kernel-model.md §6.9).

import { type Proc, wait } from "../engine/op.ts";
import { PG_writeback } from "./folio_flags.ts";
import { folioKey, type Kernel } from "./kernel.ts";
import { VM_BUG_ON_FOLIO } from "./mmdebug.ts";
import { traced } from "./traced.ts";

/**
 * __folio_start_writeback(): the folio's I/O is in flight. Returns false if it already was (the
 * caller then owns no writeback of it to end).
 */
export function folioStartWriteback(k: Kernel, f: number): boolean {
  const t = k.folios;
  VM_BUG_ON_FOLIO(t.isFreed(f), k, f, "writeback of a freed folio");
  k.touch(folioKey(f), true);
  if (t.test(f, PG_writeback)) return false;
  t.set(f, PG_writeback);
  return true;
}

/** folio_test_writeback(), recorded as a read of the folio for the model checker's footprints. */
export function folioTestWriteback(k: Kernel, f: number): boolean {
  k.touch(folioKey(f), false);
  return k.folios.test(f, PG_writeback);
}

/** folio_wait_writeback(): sleeps until PG_writeback is clear, re-testing after every wake-up. */
export function folioWaitWriteback(k: Kernel, f: number): Proc {
  return traced(k, "folio_wait_writeback", folioWaitWritebackBody(k, f), () => 0);
}

function* folioWaitWritebackBody(k: Kernel, f: number): Proc {
  if (!folioTestWriteback(k, f)) return;
  k.counters.waits++;
  while (folioTestWriteback(k, f)) yield* wait(k.writebackWaitQueue(f));
}
