// The cost estimate of a scenario's programs (`tasks:`), for budget.ts: every step counted as often
// as its enclosing repeats run it, each page it works on weighted like a pinned page (a pin may
// isolate, migrate and retry it), so the estimate stays on the high side like the actors'.

import type { Step, TaskSpec } from "../../scenarios/program.ts";
import type { RegionSpec } from "../../scenarios/scenario.ts";

export interface ProgramWork {
  /** Engine steps, an upper estimate. */
  readonly steps: number;
  /** Region pages the steps touch, pin or populate (each may become a folio). */
  readonly region_pages: number;
  /** Page-cache pages of files the steps read. */
  readonly file_pages: number;
  /** Steps that start a task of their own (asynchronous holds). */
  readonly spawned_tasks: number;
}

const STEPS_PER_CALL = 6;
const STEPS_PER_PAGE = 16;

const NONE: ProgramWork = { steps: 0, region_pages: 0, file_pages: 0, spawned_tasks: 0 };

export function programWork(
  tasks: readonly TaskSpec[],
  regions: ReadonlyMap<string, RegionSpec>,
  page_size_bytes: number,
): ProgramWork {
  const pagesOf = (name: string): number => {
    const r = regions.get(name);
    return r === undefined ? 0 : r.size_bytes / page_size_bytes;
  };
  const allPages = [...regions.values()].reduce((n, r) => n + r.size_bytes / page_size_bytes, 0);
  return tasks.reduce((w, t) => add(w, stepsWork(t.program, pagesOf, allPages)), NONE);
}

function stepsWork(
  steps: readonly Step[],
  pagesOf: (region: string) => number,
  allPages: number,
): ProgramWork {
  return steps.reduce((w, s) => add(w, stepWork(s, pagesOf, allPages)), NONE);
}

function stepWork(s: Step, pagesOf: (region: string) => number, allPages: number): ProgramWork {
  if (s.op === "repeat") return scale(stepsWork(s.steps, pagesOf, allPages), s.times);
  if (s.op === "read")
    return {
      steps: STEPS_PER_CALL + s.pages * STEPS_PER_PAGE,
      region_pages: 0,
      file_pages: s.pages,
      spawned_tasks: 0,
    };
  const pages = pagesOfStep(s, pagesOf, allPages);
  const spawned = "async" in s && s.async ? 1 : 0;
  return {
    steps: STEPS_PER_CALL + pages * STEPS_PER_PAGE,
    region_pages: pages,
    file_pages: 0,
    spawned_tasks: spawned,
  };
}

/** Pages a step works on: its selection, or (mlock, munlock, munmap) the whole region. */
function pagesOfStep(s: Step, pagesOf: (region: string) => number, allPages: number): number {
  if (s.op !== "read" && "pages" in s) return s.pages.kind === "all" ? pagesOf(s.region) : s.pages.count;
  if (s.op === "mlock2" || s.op === "munlock" || s.op === "munmap") return pagesOf(s.region);
  if (s.op === "mlockall" || s.op === "munlockall") return allPages;
  return 0;
}

function add(a: ProgramWork, b: ProgramWork): ProgramWork {
  return {
    steps: a.steps + b.steps,
    region_pages: a.region_pages + b.region_pages,
    file_pages: a.file_pages + b.file_pages,
    spawned_tasks: a.spawned_tasks + b.spawned_tasks,
  };
}

function scale(w: ProgramWork, times: number): ProgramWork {
  return {
    steps: w.steps * times,
    region_pages: w.region_pages * times,
    file_pages: w.file_pages * times,
    spawned_tasks: w.spawned_tasks * times,
  };
}
