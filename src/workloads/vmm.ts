// A crosvm-like VMM: mlocks the region (the guest's memory) the way the region asks, and touches
// its pages from its CPU. Each touch is a user write fault; with readahead_pages > 0 a
// readahead-like read of a separate file then adds that many new page-cache folios to this
// CPU's lru_add batch — in Will Deacon's report it was such traffic that drained the lru_add
// batch and set PG_lru on a guest folio still parked in the mlock batch (docs/kernel-model.md).

import type { Step } from "../scenarios/program.ts";
import type { VmmActor } from "../scenarios/scenario.ts";
import { PageOrder } from "./page_order.ts";
import type { StepSource } from "./program/interpreter.ts";
import type { World } from "./world.ts";

export function* vmmSteps(w: World, a: VmmActor, setsUpRegion: boolean): StepSource {
  const r = w.region(a.region);
  const order = new PageOrder(w.k.engine, r.nrPages, a.pattern === "random", `${a.name} touch`);
  yield { op: "sleep_until", at_ns: a.start_ns };
  if (setsUpRegion && r.spec.mlock !== "none") {
    yield { op: "mlock2", region: a.region, onfault: r.spec.mlock === "onfault" };
  }
  // The same readahead step every time: one object, one file name string.
  const read: Step = { op: "read", file: `${a.name}-readahead`, pages: a.readahead_pages };
  for (let i = 0; i < a.touches && !r.vma.unmapped; i++) {
    yield { op: "sleep_until", at_ns: a.start_ns + i * a.interval_ns };
    const page = order.next();
    yield {
      op: "touch",
      region: a.region,
      pages: { kind: "range", first: page, count: 1 },
      write: true,
      order: "sequential",
    };
    if (a.readahead_pages > 0) yield read;
  }
}
