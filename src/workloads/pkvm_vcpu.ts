// A pKVM vCPU: each stage-2 fault of the guest makes the host pin that one guest page with
// pin_user_pages(FOLL_WRITE | FOLL_LONGTERM) from the vCPU's CPU.
//
// Decisions: pKVM keeps guest pages pinned for the guest's lifetime, so successful pins are never
// released during the run (the guest's teardown is outside every scenario). A failed pin would
// kill the guest in pKVM; pinsim records it and carries on with the next fault, so one run
// measures every pin (`runs_with_failure` is the "guest died" figure).

import { EAGAIN } from "../kernel/errno.ts";
import type { Step } from "../scenarios/program.ts";
import type { PkvmVcpuActor } from "../scenarios/scenario.ts";
import { PageOrder } from "./page_order.ts";
import type { StepSource } from "./program/interpreter.ts";
import type { World } from "./world.ts";

export function* pkvmVcpuSteps(w: World, a: PkvmVcpuActor): StepSource {
  const r = w.region(a.region);
  const order = new PageOrder(w.k.engine, r.nrPages, a.order === "random", `${a.name} stage-2 fault`);
  for (let i = 0; i < a.pins; i++) {
    yield { op: "sleep_until", at_ns: a.start_ns + i * a.interval_ns };
    const pin = stage2Fault(a, order.next());
    // With the eagain-to-caller patch the guest simply faults again a little later.
    while ((yield pin) === -EAGAIN && a.retry_on_eagain) {
      yield { op: "sleep_until", at_ns: w.k.now_ns() + a.interval_ns };
    }
  }
}

/** Pins one guest page and keeps the pin. */
function stage2Fault(a: PkvmVcpuActor, page: number): Step {
  return {
    op: "pin_user_pages",
    region: a.region,
    pages: { kind: "range", first: page, count: 1 },
    fast: false,
    longterm: true,
    write: true,
    as: "guest",
    what: "stage-2 fault",
  };
}
