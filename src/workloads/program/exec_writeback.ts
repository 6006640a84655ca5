// The `writeback` step: I/O in flight on a region's pages for a set time (kernel-model.md §6.9).
// Only PG_writeback is modelled: not how the I/O started (dirty page cache, swap-out) nor any
// reference it holds.

import { type Proc, sleepOp } from "../../engine/op.ts";
import { EFAULT } from "../../kernel/errno.ts";
import { folioEndWriteback } from "../../kernel/filemap.ts";
import { folioStartWriteback } from "../../kernel/page_writeback.ts";
import type { Step } from "../../scenarios/program.ts";
import { folioAt } from "../region.ts";
import type { World } from "../world.ts";
import { startAsync } from "./async_op.ts";
import { selectPages } from "./pages.ts";
import type { TaskState } from "./task_state.ts";

/** folio_start_writeback() on each present folio; the completion runs `for` later in a task of its own. */
export function* execWriteback(w: World, ts: TaskState, s: Extract<Step, { op: "writeback" }>): Proc<number> {
  const k = w.k;
  const r = w.mapped(s.region);
  if (r === null) return -EFAULT;
  const { first, count } = selectPages(ts, r.nrPages, s.pages);
  const started: number[] = [];
  for (let p = first; p < first + count; p++) {
    const f = folioAt(k, r, p);
    // Not faulted, under migration, or already in flight: nothing of this step's to end later.
    if (f >= 0 && folioStartWriteback(k, f)) started.push(f);
  }
  yield k.cost(k.costs.batch_add_ns * Math.max(1, count));
  if (started.length === 0) return 0;
  const io_ns = s.hold.kind === "fixed" ? s.hold.ns : ts.draws.hold_ns(s.hold.dist);
  yield* startAsync(w, ts, endWritebackAfter(w, started, io_ns));
  return started.length;
}

/** The I/O completion: folio_end_writeback() of every folio the step started, `io_ns` later. */
function* endWritebackAfter(w: World, folios: readonly number[], io_ns: number): Proc {
  yield sleepOp(io_ns);
  for (const f of folios) folioEndWriteback(w.k, f);
  yield w.k.cost(w.k.costs.batch_add_ns);
}
