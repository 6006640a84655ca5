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
  return new LiveFolioView(k, f);
}

// Classes, not object literals with getters: a rule is asked per folio (a million times in
// pin-1m), and a literal makes nine closures and a dictionary-mode object each time.
class LiveFolioView implements FolioView {
  readonly #k: Kernel;
  readonly #f: number;
  constructor(k: Kernel, f: number) {
    this.#k = k;
    this.#f = f;
    Object.freeze(this);
  }
  get folio(): number {
    return this.#f;
  }
  get lru(): boolean {
    return this.#k.folios.test(this.#f, PG_lru);
  }
  get mlocked(): boolean {
    return this.#k.folios.test(this.#f, PG_mlocked);
  }
  get unevictable(): boolean {
    return this.#k.folios.test(this.#f, PG_unevictable);
  }
  get large(): boolean {
    return this.#k.folios.isLarge(this.#f);
  }
  get nr_pages(): number {
    return this.#k.folios.nrPages(this.#f);
  }
  get refcount(): number {
    return this.#k.refcount(this.#f);
  }
  get expected_refs(): number {
    return folioExpectedRefCount(this.#k, this.#f);
  }
  get batch_refs(): number {
    const t = this.#k.folios;
    return t.held(this.#f, H_LRU_BATCH) + t.held(this.#f, H_MLOCK_BATCH);
  }
  get may_be_lru_cached(): boolean {
    return folioMayBeLruCached(this.#k, this.#f);
  }
}

export function collectDrainView(
  k: Kernel,
  f: number,
  stage: "local" | "global",
  drained: 0 | 1 | 2,
  extraRefs: number,
): CollectDrainView {
  return new LiveCollectDrainView(k, f, stage, drained, extraRefs);
}

class LiveCollectDrainView implements CollectDrainView {
  readonly folio: FolioView;
  readonly stage: "local" | "global";
  readonly drained: 0 | 1 | 2;
  readonly extra_refs: number;
  readonly config: Kernel["config"];
  readonly #k: Kernel;
  constructor(k: Kernel, f: number, stage: "local" | "global", drained: 0 | 1 | 2, extraRefs: number) {
    this.folio = new LiveFolioView(k, f);
    this.stage = stage;
    this.drained = drained;
    this.extra_refs = extraRefs;
    this.config = k.config;
    this.#k = k;
    Object.freeze(this);
  }
  get pin_refs(): number {
    return this.#k.folios.hasPincount(this.folio.folio) ? 1 : GUP_PIN_COUNTING_BIAS;
  }
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
