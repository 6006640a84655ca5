// A GPU driver running operations (cuMemset-like) on the region: each takes a transient reference
// on the folios of `pages_per_op` contiguous pages for a hold time drawn from the scenario's
// distribution, then drops them. These are the references John Hubbard's RFC waits for
// (kernel-model.md §7.3). Operations start every `interval` and may overlap.
//
// Pages not present when an op starts (not faulted yet, or under migration) are skipped: the
// driver's own faulting is not modelled. Page choice and hold times come from the actor's PRNG
// stream; they are workload statistics, not orderings for the model checker to explore.

import type { Proc } from "../engine/op.ts";
import type { Prng } from "../engine/prng.ts";
import type { GpuActor } from "../scenarios/scenario.ts";
import type { ActorBody } from "./actor.ts";
import { pickRange, sampleHold_ns } from "./hold_sample.ts";
import { type Held, overlappingOps } from "./overlapping_ops.ts";
import { folioAt } from "./region.ts";
import type { World } from "./world.ts";

export function gpuActor(w: World, a: GpuActor, prng: Prng): ActorBody {
  return function* (k) {
    const schedule = {
      name: a.name,
      cpu: a.cpu,
      count: a.ops,
      start_ns: a.start_ns,
      interval_ns: a.interval_ns,
      release_ns: k.costs.gup_get_ns,
    };
    yield* overlappingOps(w, schedule, (i) => gpuOp(w, a, prng, i));
  };
}

function* gpuOp(w: World, a: GpuActor, prng: Prng, i: number): Proc<Held | null> {
  const k = w.k;
  const r = w.region(a.region);
  const { page, nr } = pickRange(prng, r.nrPages, a.pages_per_op);
  const label = `${a.name} cuMemset op ${i}`;
  const taken: number[] = [];
  for (let p = page; p < page + nr; p++) {
    const f = folioAt(k, r, p);
    if (f < 0) continue;
    k.addTransient(f, label);
    taken.push(f);
  }
  const hold_ns = sampleHold_ns(prng, a.hold);
  yield k.cost(k.costs.gup_get_ns * Math.max(1, taken.length));
  if (taken.length === 0) return null;
  const release = () => {
    for (const f of taken) k.dropTransient(f, label);
  };
  return { hold_ns, release };
}
