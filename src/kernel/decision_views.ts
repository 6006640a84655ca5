// The read-only views the decision points hand to rules (kernel/decisions.ts): frozen objects
// whose values are computed from the kernel's state when read, so a rule reads what the kernel
// would read at that moment (and the model checker sees the same reads) and cannot write.

import type { CollectDrainView, DrainAllCpuView, FolioView, MigrateWaitView } from "./decisions.ts";
import { BATCH_NAMES, NR_BATCHES } from "./folio_batch.ts";
import { folioExpectedRefCount } from "./folio_expected.ts";
import { PG_lru, PG_mlocked, PG_unevictable } from "./folio_flags.ts";
import { GUP_PIN_COUNTING_BIAS, H_LRU_BATCH, H_MLOCK_BATCH } from "./holders.ts";
import { batchKey, type Kernel } from "./kernel.ts";
import type { MigrateReason } from "./migrate.ts";
import { folioMayBeLruCached } from "./swap.ts";

export function folioView(k: Kernel, f: number): FolioView {
  const t = k.folios;
  return Object.freeze({
    folio: f,
    get lru() {
      return t.test(f, PG_lru);
    },
    get mlocked() {
      return t.test(f, PG_mlocked);
    },
    get unevictable() {
      return t.test(f, PG_unevictable);
    },
    get large() {
      return t.isLarge(f);
    },
    get nr_pages() {
      return t.nrPages(f);
    },
    get refcount() {
      return k.refcount(f);
    },
    get expected_refs() {
      return folioExpectedRefCount(k, f);
    },
    get batch_refs() {
      return t.held(f, H_LRU_BATCH) + t.held(f, H_MLOCK_BATCH);
    },
    get may_be_lru_cached() {
      return folioMayBeLruCached(k, f);
    },
  });
}

export function collectDrainView(
  k: Kernel,
  f: number,
  stage: "local" | "global",
  drained: 0 | 1 | 2,
  extraRefs: number,
): CollectDrainView {
  return Object.freeze({
    folio: folioView(k, f),
    stage,
    drained,
    extra_refs: extraRefs,
    get pin_refs() {
      return k.folios.hasPincount(f) ? 1 : GUP_PIN_COUNTING_BIAS;
    },
    config: k.config,
  });
}

export function migrateWaitView(
  k: Kernel,
  f: number,
  reason: MigrateReason,
  phase: "unmap" | "move",
): MigrateWaitView {
  return Object.freeze({ folio: folioView(k, f), reason, phase, config: k.config });
}

/** Reads every batch of `cpu` (the model checker records each read). */
export function drainAllCpuView(k: Kernel, cpu: number): DrainAllCpuView {
  const batches: Record<string, number> = {};
  for (let kind = 0; kind < NR_BATCHES; kind++) {
    k.touch(batchKey(cpu, kind), false);
    batches[BATCH_NAMES[kind]!] = k.batches[cpu]![kind]!.nr;
  }
  return Object.freeze({ cpu, this_cpu: k.current().cpu, batches: Object.freeze(batches), config: k.config });
}
