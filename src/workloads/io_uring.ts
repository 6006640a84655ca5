// io_uring fixed-buffer registration (IORING_REGISTER_BUFFERS): pin_user_pages_fast(FOLL_WRITE |
// FOLL_LONGTERM) over the buffer; the registration holds the pins for `interval`, then
// unregisters (unpins); repeated `registrations` times. A short pin is a failure to io_uring
// (it unpins what it got and returns -EFAULT), recorded as such.

import type { Proc } from "../engine/op.ts";
import { FOLL_LONGTERM, FOLL_WRITE, pinUserPagesFast, unpinUserPages } from "../kernel/gup.ts";
import type { IoUringActor } from "../scenarios/scenario.ts";
import type { ActorBody } from "./actor.ts";
import { measuredPin } from "./pin_record.ts";
import { regionAddress } from "./region.ts";
import { sleepUntil } from "./timing.ts";
import type { World } from "./world.ts";

export function ioUringActor(w: World, a: IoUringActor): ActorBody {
  return function* (k) {
    yield* sleepUntil(k, a.start_ns);
    for (let i = 0; i < a.registrations; i++) {
      const pages = yield* register(w, a, i);
      yield* sleepUntil(k, k.now_ns() + a.interval_ns);
      unregister(w, i, pages);
      yield k.cost(pages.length * k.costs.gup_per_page_ns);
    }
  };
}

/** Returns the folios pinned (one per page entry), or [] when the registration failed. */
function* register(w: World, a: IoUringActor, i: number): Proc<number[]> {
  const r = w.region(a.region);
  const pages: number[] = [];
  const call = { actor: a.name, seq: i, region: a.region, page: 0, nr_pages: a.pages };
  const flags = FOLL_WRITE | FOLL_LONGTERM;
  const rec = yield* measuredPin(w, call, () =>
    pinUserPagesFast(w.k, regionAddress(r, 0), a.pages, flags, pages),
  );
  if (rec.errno !== 0) {
    if (rec.ret > 0) unpinUserPages(w.k, pages.slice(0, rec.ret)); // io_uring drops a short pin
    return [];
  }
  const label = `registration ${i}`;
  for (const folio of pages)
    w.holds.add({ folio, actor: a.name, kind: "gup-pin", label, cpu: a.cpu, since_ns: w.k.now_ns() });
  return pages;
}

function unregister(w: World, i: number, pages: readonly number[]): void {
  for (const folio of pages) w.holds.remove(folio, `registration ${i}`);
  unpinUserPages(w.k, pages);
}
