// touch: user read or write faults over region pages, in an order (handle_mm_fault per page).

import type { Proc } from "../../engine/op.ts";
import { EFAULT } from "../../kernel/errno.ts";
import { handleMmFault } from "../../kernel/memory.ts";
import type { Step } from "../../scenarios/program.ts";
import { regionAddress } from "../region.ts";
import type { World } from "../world.ts";
import { selectPages } from "./pages.ts";
import type { TaskState } from "./task_state.ts";

export function* execTouch(w: World, ts: TaskState, s: Extract<Step, { op: "touch" }>): Proc<number> {
  const r = w.mapped(s.region);
  if (r === null) return -EFAULT;
  const { first, count } = selectPages(ts, r.nrPages, s.pages);
  // In order, the j-th page is first + j: no array (a vmm touches one page per step).
  const order = s.order === "sequential" ? null : touchOrder(ts, first, count, s.order);
  for (let j = 0; j < count; j++) {
    if (r.vma.unmapped) return -EFAULT;
    const p = order === null ? first + j : order[j]!;
    yield* handleMmFault(w.k, r.vma, regionAddress(r, p), s.write);
  }
  return count;
}

/** The pages in the order asked; "random" draws a permutation, one choice per page. */
function touchOrder(ts: TaskState, first: number, count: number, order: string): number[] {
  const pages = Array.from({ length: count }, (_, i) => first + i);
  if (order === "reverse") return pages.reverse();
  if (order !== "random") return pages;
  const out: number[] = [];
  while (pages.length > 0) {
    const i = ts.draws.int(pages.length, `${ts.name} touch order`);
    out.push(pages[i]!);
    pages[i] = pages[pages.length - 1]!;
    pages.pop();
  }
  return out;
}
