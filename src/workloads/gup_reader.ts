// A process_vm_readv()-like reader in another process: get_user_pages_remote() on the region's mm
// takes short-term FOLL_GET references on `pages_per_read` contiguous pages, holds them while it
// copies (the hold distribution), then put_page()s them. Reads start every `interval` and may
// overlap, as several reader threads would. Pages to read come from the actor's PRNG stream.

import type { Proc } from "../engine/op.ts";
import type { Prng } from "../engine/prng.ts";
import { getUserPages, putUserPages } from "../kernel/gup.ts";
import type { GupReaderActor } from "../scenarios/scenario.ts";
import type { ActorBody } from "./actor.ts";
import { pickRange, sampleHold_ns } from "./hold_sample.ts";
import { type Held, overlappingOps } from "./overlapping_ops.ts";
import { regionAddress } from "./region.ts";
import type { World } from "./world.ts";

export function gupReaderActor(w: World, a: GupReaderActor, prng: Prng): ActorBody {
  return function* (k) {
    const schedule = {
      name: a.name,
      cpu: a.cpu,
      count: a.reads,
      start_ns: a.start_ns,
      interval_ns: a.interval_ns,
      release_ns: k.costs.gup_get_ns,
    };
    yield* overlappingOps(w, schedule, (i) => read(w, a, prng, i));
  };
}

function* read(w: World, a: GupReaderActor, prng: Prng, i: number): Proc<Held | null> {
  const k = w.k;
  const r = w.region(a.region);
  if (r.vma.unmapped) return null;
  const { page, nr } = pickRange(prng, r.nrPages, a.pages_per_read);
  const hold_ns = sampleHold_ns(prng, a.hold);
  const got: number[] = [];
  const n = yield* getUserPages(k, r.mm, regionAddress(r, page), nr, got);
  if (n <= 0) return null;
  const label = `read ${i}`;
  for (const folio of got)
    w.holds.add({ folio, actor: a.name, kind: "gup-get", label, cpu: a.cpu, since_ns: k.now_ns() });
  return {
    hold_ns,
    release: () => {
      for (const folio of got) w.holds.remove(folio, label);
      putUserPages(k, got);
    },
  };
}
