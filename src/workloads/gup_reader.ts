// A process_vm_readv()-like reader in another process: get_user_pages_remote() on the region's mm
// takes short-term FOLL_GET references on `pages_per_read` contiguous pages, holds them while it
// copies (the hold distribution), then put_page()s them. Reads start every `interval` and may
// overlap, as several reader threads would (each is an async `get_user_pages` step).

import type { GupReaderActor } from "../scenarios/scenario.ts";
import type { StepSource } from "./program/interpreter.ts";

export function* gupReaderSteps(a: GupReaderActor): StepSource {
  for (let i = 0; i < a.reads; i++) {
    yield { op: "sleep_until", at_ns: a.start_ns + i * a.interval_ns };
    yield {
      op: "get_user_pages",
      region: a.region,
      pages: { kind: "random", count: a.pages_per_read },
      hold: { kind: "drawn", dist: a.hold },
      async: true,
    };
  }
  yield { op: "join" };
}
