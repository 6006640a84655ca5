// io_uring fixed-buffer registration (IORING_REGISTER_BUFFERS): pin_user_pages_fast(FOLL_WRITE |
// FOLL_LONGTERM) over the buffer; the registration holds the pins for `interval`, then
// unregisters (unpins); repeated `registrations` times. A short pin is a failure to io_uring
// (it unpins what it got and returns -EFAULT), recorded as such.

import type { IoUringActor } from "../scenarios/scenario.ts";
import type { StepSource } from "./program/interpreter.ts";

export function* ioUringSteps(a: IoUringActor): StepSource {
  yield { op: "sleep_until", at_ns: a.start_ns };
  for (let i = 0; i < a.registrations; i++) {
    yield {
      op: "io_uring_register",
      region: a.region,
      pages: { kind: "range", first: 0, count: a.pages },
      ring: "ring",
    };
    yield { op: "sleep", ns: a.interval_ns };
    yield { op: "io_uring_unregister", ring: "ring" };
  }
}
