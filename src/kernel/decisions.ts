// Decision points: the few places in the model where a patch may supply its own rule instead of a
// switch (docs/patches.md). A rule sees a frozen, read-only view of the state it may read — folio
// flags and counts, per-CPU batch sizes, the config — and returns a decision; it cannot write the
// kernel's state (assigning to a view throws: views are frozen, their values computed on read).
// The kernel's own behaviour is a rule on the same points (the built-ins below).

import type { KernelConfig } from "./config.ts";
import type { MigrateReason } from "./migrate.ts";
import { KernelBug } from "./mmdebug.ts";

/** What a rule may read about one folio. Every field is computed when read. */
export interface FolioView {
  readonly folio: number;
  readonly lru: boolean;
  readonly mlocked: boolean;
  readonly unevictable: boolean;
  readonly large: boolean;
  readonly nr_pages: number;
  /** folio_ref_count(). */
  readonly refcount: number;
  /** folio_expected_ref_count() (kernel-model.md §1.4). */
  readonly expected_refs: number;
  /** References held by per-CPU LRU and mlock batch entries (what a drain can release). */
  readonly batch_refs: number;
  /** folio_may_be_lru_cached(): small folios, the only ones batches hold (2da6de30e60d). */
  readonly may_be_lru_cached: boolean;
}

/**
 * (a) collect_longterm_unpinnable_folios(): drain for this unpinnable folio at this stage?
 * "local" is asked only in kernels with a local drain in collect (a09a8a1fbb37), before any drain
 * of this pass; "global" is asked while no lru_add_drain_all() has run in this pass.
 */
export interface CollectDrainView {
  readonly folio: FolioView;
  readonly stage: "local" | "global";
  /** 0 not drained, 1 drained locally, 2 drained all, in this collect pass. */
  readonly drained: 0 | 1 | 2;
  /** What the caller's own reference adds by config: 1, or pin_refs with pin-refs-fix. */
  readonly extra_refs: number;
  /** What this caller's pin adds: 1 for large folios (_pincount), GUP_PIN_COUNTING_BIAS for small. */
  readonly pin_refs: number;
  readonly config: KernelConfig;
}
export type CollectDrainDecide = (v: CollectDrainView) => boolean;

/**
 * (b) migrate_pages(): at an -EAGAIN point for `folio` (the unmap or the move phase), wait how
 * long for folio_ref_count() <= expected + 1? null: do not wait, retry at once. Asked only while
 * the migration waits at all (the RFC's static key is on: hubbard-wait's scope, or any migration
 * for a longterm pin when a patch supplies this rule).
 */
export interface MigrateWaitView {
  readonly folio: FolioView;
  readonly reason: MigrateReason;
  readonly phase: "unmap" | "move";
  readonly config: KernelConfig;
}
export type MigrateWaitDecide = (v: MigrateWaitView) => number | null;

/** (c) lru_add_drain_all(): queue a drain work item on `cpu`? (not asked by lru_cache_disable) */
export interface DrainAllCpuView {
  readonly cpu: number;
  /** The CPU running lru_add_drain_all(). */
  readonly this_cpu: number;
  /** Entries in each of `cpu`'s batches, by name (lru_add, ..., mlock). */
  readonly batches: Readonly<Record<string, number>>;
  readonly config: KernelConfig;
}
export type DrainAllCpuDecide = (v: DrainAllCpuView) => boolean;

/** A rule with the name `versions show` and traces report. */
export interface Rule<D> {
  readonly name: string;
  readonly decide: D;
}

/** The rules a kernel config carries; an absent one means the kernel's own behaviour. */
export interface DecisionRules {
  readonly collectDrain?: Rule<CollectDrainDecide>;
  readonly migrateWait?: Rule<MigrateWaitDecide>;
  readonly drainAllCpu?: Rule<DrainAllCpuDecide>;
}

/** ≤ 6.16: drain once if the folio is not on an LRU (!folio_test_lru()). */
export const DRAIN_IF_NOT_LRU: Rule<CollectDrainDecide> = {
  name: "drain-if-not-lru",
  decide: (v) => !v.folio.lru,
};

/** 98c6d259319e: drain while the folio has references beyond expected + extra_refs. */
export const DRAIN_IF_UNEXPECTED_REFS: Rule<CollectDrainDecide> = {
  name: "drain-if-unexpected-refs",
  decide: (v) =>
    !(v.config.collect_skip_large && !v.folio.may_be_lru_cached) &&
    v.folio.refcount !== v.folio.expected_refs + v.extra_refs,
};

/** The 2026 "fix always draining": the refcount test against expected + pin_refs. */
export const DRAIN_IF_UNEXPECTED_PIN_REFS: Rule<CollectDrainDecide> = {
  name: "drain-if-unexpected-pin-refs",
  decide: (v) =>
    !(v.config.collect_skip_large && !v.folio.may_be_lru_cached) &&
    v.folio.refcount !== v.folio.expected_refs + v.pin_refs,
};

/** Will Deacon 2025-08-15: drain if !lru || mlocked. */
export const DRAIN_IF_NOT_LRU_OR_MLOCKED: Rule<CollectDrainDecide> = {
  name: "drain-if-not-lru-or-mlocked",
  decide: (v) => !v.folio.lru || v.folio.mlocked,
};

/** Review idea: drain if !lru || (mlocked && !unevictable). */
export const DRAIN_IF_NOT_LRU_OR_MLOCKED_EVICTABLE: Rule<CollectDrainDecide> = {
  name: "drain-if-not-lru-or-mlocked-evictable",
  decide: (v) => !v.folio.lru || (v.folio.mlocked && !v.folio.unevictable),
};

/** John Hubbard's RFC: wait up to hubbard_wait.timeout_ns at every -EAGAIN point. */
export const WAIT_HUBBARD_TIMEOUT: Rule<MigrateWaitDecide> = {
  name: "wait-hubbard-timeout",
  decide: (v) => v.config.hubbard_wait.timeout_ns,
};

/** The collect rule in force: a patch's, else the one the config's collect_* switches name. */
export function collectDrainRule(c: KernelConfig): Rule<CollectDrainDecide> {
  return c.rules?.collectDrain ?? switchedCollectRule(c);
}

type CollectSwitches = Pick<
  KernelConfig,
  "collect_drain_test" | "collect_drain_also_if" | "collect_extra_refs"
>;

/** The built-in rule the collect_* switches describe (the bases, and patch files setting them). */
export function switchedCollectRule(c: CollectSwitches): Rule<CollectDrainDecide> {
  if (c.collect_drain_test === "refcount")
    return c.collect_extra_refs === "pin-refs" ? DRAIN_IF_UNEXPECTED_PIN_REFS : DRAIN_IF_UNEXPECTED_REFS;
  if (c.collect_drain_also_if === "mlocked") return DRAIN_IF_NOT_LRU_OR_MLOCKED;
  if (c.collect_drain_also_if === "mlocked-not-unevictable") return DRAIN_IF_NOT_LRU_OR_MLOCKED_EVICTABLE;
  return DRAIN_IF_NOT_LRU;
}

/** Calls a patch's rule; what it throws is reported as the patch's fault, naming the rule. */
export function decide<V, R>(rule: Rule<(v: V) => R>, view: V): R {
  try {
    return rule.decide(view);
  } catch (e) {
    if (e instanceof KernelBug) throw e;
    throw new RuleError(`decision rule "${rule.name}" threw: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export class RuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuleError";
  }
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of rules of every decision point
type AnyRule = Rule<(v: any) => unknown>;

/** The kernel's own rules by name: what a config's rules become to cross a worker-thread boundary. */
const BUILTIN_RULES: ReadonlyMap<string, AnyRule> = new Map(
  [
    DRAIN_IF_NOT_LRU,
    DRAIN_IF_UNEXPECTED_REFS,
    DRAIN_IF_UNEXPECTED_PIN_REFS,
    DRAIN_IF_NOT_LRU_OR_MLOCKED,
    DRAIN_IF_NOT_LRU_OR_MLOCKED_EVICTABLE,
    WAIT_HUBBARD_TIMEOUT,
  ].map((r) => [r.name, r as AnyRule]),
);

/** True if every rule of `c` is one of the kernel's own (a patch module's cannot be sent to a worker). */
export function rulesAreBuiltin(c: KernelConfig): boolean {
  return Object.values(c.rules ?? {}).every((r) => BUILTIN_RULES.get(r.name) === r);
}

/** `c` with its rules replaced by their names, for postMessage. */
export function configToWire(c: KernelConfig): KernelConfig {
  if (c.rules === undefined) return c;
  const names = Object.fromEntries(Object.entries(c.rules).map(([k, r]) => [k, r.name]));
  return { ...c, rules: names as unknown as DecisionRules };
}

/** The inverse of configToWire, in the worker. */
export function configFromWire(c: KernelConfig): KernelConfig {
  if (c.rules === undefined) return c;
  const rules = Object.fromEntries(
    Object.entries(c.rules as unknown as Record<string, string>).map(([k, n]) => [k, BUILTIN_RULES.get(n)!]),
  );
  return { ...c, rules: rules as DecisionRules };
}
