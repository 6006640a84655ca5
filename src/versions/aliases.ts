// Aliases: names of real kernels that are a base plus patches.

import { COMMITS as C, type Citation } from "./commits.ts";

export interface Alias {
  readonly name: string;
  readonly expands: string;
  readonly summary: string;
  /** The backported commits the alias adds to its base. */
  readonly cites: readonly Citation[];
  /** Sections of docs/kernel-model.md. */
  readonly model: readonly string[];
}

export const ALIASES: readonly Alias[] = [
  {
    name: "debian-6.1",
    // 6.1 never had 33dfe9204f29, so there is nothing to revert; local drain and
    // folio_may_be_lru_cached came with the backported refcount check.
    expands: "v6.1+hugh-refcount-check+hugh-local-drain+hugh-may-be-lru-cached",
    summary: "Debian 6.1.192: v6.1 with the backported refcount check, local drain, folio_may_be_lru_cached",
    cites: [C.refcountCheck, C.localDrain, C.mayBeLruCached],
    model: ["3.4.1", "5.5"],
  },
];
