// A drain rule of our own (docs/patches.md): collect drains only when one of the folio's
// references is held by a per-CPU batch entry — what every rule the reviewers proposed tries to
// guess from the flags. The kernel cannot see this cheaply (it would have to search every CPU's
// batches), so it is an oracle: a bound on how few drains any rule could get away with.

import type { CollectDrainView } from "../../src/kernel/decisions.ts";

export const patch = {
  name: "drain-if-batched",
  description: "oracle: collect drains only if a per-CPU batch holds a reference to the folio",
  stands_for: "docs/patches.md (an invented rule, no posting)",
  rules: {
    collectDrain: (v: CollectDrainView): boolean => v.stage === "global" && v.folio.batch_refs > 0,
  },
};
