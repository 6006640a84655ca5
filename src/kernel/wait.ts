// wait_var_event_timeout() / wake_up_var() on &folio->_refcount (kernel-model.md §7.1).

import type { Proc } from "../engine/op.ts";
import { wait } from "../engine/op.ts";
import { folioKey, type Kernel } from "./kernel.ts";
import { VM_BUG_ON } from "./mmdebug.ts";

/**
 * Sleeps until `condition()` holds, re-checking only on wake-ups for folio `f`, or until
 * `timeout_ns` passes. Returns the time left (>= 1) if the condition became true, 0 on timeout.
 */
export function* waitVarEventTimeout(
  k: Kernel,
  f: number,
  condition: () => boolean,
  timeout_ns: number,
): Proc<number> {
  VM_BUG_ON(timeout_ns < 0, "wait_var_event_timeout with a negative timeout");
  k.touch(folioKey(f), false); // the condition reads the folio (model-checker footprint)
  if (condition()) return Math.max(1, timeout_ns);
  k.counters.waits++;
  const deadline_ns = k.now_ns() + timeout_ns;
  for (;;) {
    const left_ns = deadline_ns - k.now_ns();
    if (left_ns <= 0) break;
    const woken = yield* wait(k.waitVarQueue(f), left_ns);
    k.touch(folioKey(f), false);
    if (condition()) return Math.max(1, deadline_ns - k.now_ns());
    if (!woken) break;
  }
  k.counters.wait_timeouts++;
  return 0;
}
