// mm/process_vm_access.c: process_vm_readv() copies from another process's memory through
// pin_user_pages_remote(), a short-term FOLL_PIN walk with FOLL_TOUCH (so each page is marked
// accessed, and a second access queues its folio for activation), and unpins after the copy.

import { type Proc, sleepOp } from "../engine/op.ts";
import { FOLL_TOUCH, pinUserPagesRemote, unpinUserPages } from "./gup.ts";
import type { Kernel } from "./kernel.ts";
import type { Mm } from "./mm.ts";

/** Returns the pages copied, or a negative errno; `copy_ns` is the copy's duration. */
export function* processVmRw(k: Kernel, mm: Mm, start: number, nr: number, copy_ns: number): Proc<number> {
  k.traceFunc("func_begin", "process_vm_rw_core");
  const pages: number[] = [];
  const ret = yield* pinUserPagesRemote(k, mm, start, nr, FOLL_TOUCH, pages);
  if (ret > 0) {
    if (copy_ns > 0) yield sleepOp(copy_ns);
    unpinUserPages(k, pages.slice(0, ret));
    yield k.cost(ret * k.costs.gup_get_ns);
  }
  k.traceFunc("func_end", "process_vm_rw_core", ret);
  return ret;
}
