// A pKVM vCPU: each stage-2 fault of the guest makes the host pin that one guest page with
// pin_user_pages(FOLL_WRITE | FOLL_LONGTERM) from the vCPU's CPU (kernel-model.md §10.1, §12.6).
//
// Decisions: pKVM keeps guest pages pinned for the guest's lifetime, so successful pins are never
// released during the run (the guest's teardown is outside every scenario). A failed pin would
// kill the guest in pKVM; pinsim records it and carries on with the next fault, so one run
// measures every pin (`runs_with_failure` is the "guest died" figure).

import type { Proc } from "../engine/op.ts";
import { EAGAIN } from "../kernel/errno.ts";
import { FOLL_LONGTERM, FOLL_WRITE, pinUserPages } from "../kernel/gup.ts";
import type { PkvmVcpuActor } from "../scenarios/scenario.ts";
import type { ActorBody } from "./actor.ts";
import { PageOrder } from "./page_order.ts";
import { measuredPin } from "./pin_record.ts";
import { regionAddress } from "./region.ts";
import { sleepUntil } from "./timing.ts";
import type { World } from "./world.ts";

export function pkvmVcpuActor(w: World, a: PkvmVcpuActor): ActorBody {
  return function* (k) {
    const r = w.region(a.region);
    const order = new PageOrder(k.engine, r.nrPages, a.order === "random", `${a.name} stage-2 fault`);
    let seq = 0;
    for (let i = 0; i < a.pins; i++) {
      yield* sleepUntil(k, a.start_ns + i * a.interval_ns);
      const page = order.next();
      // With the eagain-to-caller patch the guest simply faults again a little later.
      while ((yield* stage2Fault(w, a, seq++, page)) === -EAGAIN && a.retry_on_eagain) {
        yield* sleepUntil(k, k.now_ns() + a.interval_ns);
      }
    }
  };
}

/** Pins one guest page and keeps the pin; returns what pin_user_pages() returned. */
function* stage2Fault(w: World, a: PkvmVcpuActor, seq: number, page: number): Proc<number> {
  const r = w.region(a.region);
  const pages: number[] = [];
  const call = { actor: a.name, seq, region: a.region, page, nr_pages: 1 };
  const rec = yield* measuredPin(w, call, () =>
    pinUserPages(w.k, regionAddress(r, page), 1, FOLL_WRITE | FOLL_LONGTERM, pages),
  );
  if (rec.ret === 1) {
    w.holds.add({
      folio: pages[0]!,
      actor: a.name,
      kind: "gup-pin",
      label: `stage-2 fault ${seq}`,
      cpu: a.cpu,
      since_ns: w.k.now_ns(),
    });
  }
  return rec.ret;
}
