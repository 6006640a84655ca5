// Turns a step's page selection into pages of the mapped region. Ranges are cut to the region
// (the model checker shrinks regions to a few pages); a random start is drawn when the step runs.

import type { PageSelection } from "../../scenarios/program.ts";
import type { TaskState } from "./task_state.ts";

export interface PageSpan {
  readonly first: number;
  readonly count: number;
}

/** Pages of a region (or file) of `n` pages. */
export function selectPages(ts: TaskState, n: number, sel: PageSelection): PageSpan {
  switch (sel.kind) {
    case "all":
      return { first: 0, count: n };
    case "range": {
      const first = Math.min(sel.first, n);
      return { first, count: Math.min(sel.count, n - first) };
    }
    case "random": {
      const count = Math.min(sel.count, n);
      return { first: ts.draws.int(n - count + 1, `${ts.name} pages`), count };
    }
  }
}
