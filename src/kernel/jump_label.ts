// Static keys (kernel-model.md §7.2): a reference-counted boolean whose 0<->1 transitions
// patch every use site, which costs IPIs. Only the RFC's folio_put_wakeup_key is modelled.

import type { Proc } from "../engine/op.ts";
import { KEY_STATIC_KEY, type Kernel } from "./kernel.ts";
import { VM_WARN_ON_ONCE } from "./mmdebug.ts";

export function* staticBranchInc(k: Kernel): Proc {
  VM_WARN_ON_ONCE(k.folioPutWakeupKey < 0, "static key count negative");
  k.touch(KEY_STATIC_KEY, true);
  if (k.folioPutWakeupKey++ === 0) {
    k.counters.static_key_toggles++;
    yield k.cost(k.costs.static_key_patch_ns);
  }
}

export function* staticBranchDec(k: Kernel): Proc {
  VM_WARN_ON_ONCE(k.folioPutWakeupKey <= 0, "static_branch_dec of a key that is off");
  k.touch(KEY_STATIC_KEY, true);
  if (--k.folioPutWakeupKey === 0) {
    k.counters.static_key_toggles++;
    yield k.cost(k.costs.static_key_patch_ns);
  }
}
