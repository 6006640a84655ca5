// A GPU driver running operations (cuMemset-like) on the region: each takes a transient reference
// on the folios of `pages_per_op` contiguous pages for a hold time drawn from the scenario's
// distribution, then drops them. These are the references John Hubbard's RFC waits for.
// Operations start every `interval` and may overlap (each is an async `hold` step).
//
// Pages not present when an op starts (not faulted yet, or under migration) are skipped: the
// driver's own faulting is not modelled.

import type { GpuActor } from "../scenarios/scenario.ts";
import type { StepSource } from "./program/interpreter.ts";

export function* gpuSteps(a: GpuActor): StepSource {
  for (let i = 0; i < a.ops; i++) {
    yield { op: "sleep_until", at_ns: a.start_ns + i * a.interval_ns };
    yield {
      op: "hold",
      region: a.region,
      pages: { kind: "random", count: a.pages_per_op },
      hold: { kind: "drawn", dist: a.hold },
      async: true,
      what: "cuMemset",
    };
  }
  yield { op: "join" };
}
