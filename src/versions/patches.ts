// Named patches: each is a change to a KernelConfig. They compose left to right with '+'.

import { clip } from "../engine/clip.ts";
import { parseDuration, quantityFromText } from "../engine/units.ts";
import type { KernelConfig } from "../kernel/config.ts";
import {
  type CollectDrainDecide,
  DRAIN_IF_NOT_LRU_OR_MLOCKED,
  DRAIN_IF_NOT_LRU_OR_MLOCKED_EVICTABLE,
  DRAIN_IF_UNEXPECTED_PIN_REFS,
  DRAIN_IF_UNEXPECTED_REFS,
  type Rule,
} from "../kernel/decisions.ts";
import { COMMITS as C, type Citation } from "./commits.ts";

type Cfg = Omit<KernelConfig, "name">;

export interface Patch {
  readonly name: string;
  readonly summary: string;
  /** The commits (or postings) the patch models. */
  readonly cites: readonly Citation[];
  /** Sections of docs/kernel-model.md, e.g. ["3.4.1"]. */
  readonly model: readonly string[];
  /** Applies the patch; `arg` is what follows '=' (only patches with `takesArg` get one). */
  readonly apply: (c: Cfg, arg: string | undefined) => Cfg;
  /** What the optional argument means; patches without it refuse one. */
  readonly takesArg?: string;
}

export class PatchArgError extends Error {}

/** Parses "1s", "250ms", "0" into ns for hubbard-wait's timeout, as a scenario file's durations. */
export function parseTimeout_ns(text: string): number {
  const r = parseDuration(quantityFromText(text));
  if (!r.ok) throw new PatchArgError(`bad timeout "${clip(text)}": expected ${r.expected}`);
  return r.value;
}

const RFC_ON = (c: Cfg, over: Partial<KernelConfig["hubbard_wait"]>): Cfg => ({
  ...c,
  hubbard_wait: { ...c.hubbard_wait, enabled: true, ...over },
});

/**
 * The patches that are decision rules install their rule at decision point (a) (kernel/decisions.ts)
 * and keep the collect_* switches in step: traces and `explain` report the switches.
 */
const withCollectRule = (c: Cfg, rule: Rule<CollectDrainDecide>): Cfg => ({
  ...c,
  rules: { ...c.rules, collectDrain: rule },
});

/** The refcount test against expected + 1, or + pin_refs once pin-refs-fix is in. */
const refcountTest = (c: Cfg): Cfg =>
  withCollectRule(
    { ...c, collect_drain_test: "refcount", collect_drain_also_if: "never" },
    c.collect_extra_refs === "pin-refs" ? DRAIN_IF_UNEXPECTED_PIN_REFS : DRAIN_IF_UNEXPECTED_REFS,
  );

export const PATCHES: readonly Patch[] = [
  {
    name: "hugh-refcount-check",
    summary: "98c6d259319e: drain if ref_count != expected + 1, not if !lru",
    cites: [C.refcountCheck],
    model: ["3.4.1"],
    apply: refcountTest,
  },
  {
    name: "hugh-local-drain",
    summary: "a09a8a1fbb37: local lru_add_drain() before lru_add_drain_all()",
    cites: [C.localDrain],
    model: ["3.4.1"],
    apply: (c) => ({ ...c, collect_local_drain_first: true }),
  },
  {
    name: "hugh-revert-lru-clear",
    summary: "afb99e9f5004: revert 33dfe9204f29, PG_lru stays set while batched",
    cites: [C.lruClearRevert],
    model: ["4.5"],
    apply: (c) => ({ ...c, lru_flag_cleared_when_batched: false }),
  },
  {
    name: "hugh-revert-vmscan",
    summary: "8d79ed36bfc8: revert 0885ef470560 (MGLRU sort_folio); no effect on modelled paths",
    cites: [C.vmscanRevert],
    model: ["4.5"],
    apply: (c) => c,
  },
  {
    name: "hugh-may-be-lru-cached",
    summary: "2da6de30e60d: no drain for large folios (folio_may_be_lru_cached)",
    cites: [C.mayBeLruCached],
    model: ["3.4.1", "4.4"],
    apply: (c) => ({ ...c, collect_skip_large: true }),
  },
  {
    name: "hugh-drain-all-local-first",
    summary: "Hugh 6/6: lru_add_drain_all() does a local lru_add_drain() first",
    cites: [C.drainAllLocalFirst],
    model: ["4.6"],
    apply: (c) => ({ ...c, local_drain_first_in_drain_all: true }),
  },
  {
    name: "hugh-series",
    summary: "Hugh Dickins' 2025 v2 series 1/6-5/6 as merged for 6.17 (and stable)",
    cites: [C.refcountCheck, C.localDrain, C.lruClearRevert, C.vmscanRevert, C.mayBeLruCached],
    model: ["3.4.1", "4.5", "8"],
    apply: (c) =>
      refcountTest({
        ...c,
        collect_local_drain_first: true,
        collect_skip_large: true,
        lru_flag_cleared_when_batched: false,
      }),
  },
  {
    name: "pin-refs-fix",
    summary: "2026 mm 'fix always draining': compare with expected + pin_refs (1024 small)",
    cites: [C.pinRefsFix],
    model: ["3.4.1"],
    // The fix changes what the refcount test compares with; a kernel without the test keeps none.
    apply: (c) =>
      c.collect_drain_test === "refcount"
        ? withCollectRule({ ...c, collect_extra_refs: "pin-refs" }, DRAIN_IF_UNEXPECTED_PIN_REFS)
        : { ...c, collect_extra_refs: "pin-refs" },
  },
  {
    name: "hubbard-wait",
    summary: "John Hubbard 2026 RFC: wait up to HZ for the refcount at both -EAGAIN points",
    cites: [C.hubbardRfc],
    model: ["7.3"],
    takesArg: "timeout (default 1s; 0 disables waiting)",
    apply: (c, a) => RFC_ON(c, { timeout_ns: a === undefined ? 1_000_000_000 : parseTimeout_ns(a) }),
  },
  {
    name: "hubbard-wait-all-movable",
    summary: "RFC variant (Alistair Popple): wait for every ZONE_MOVABLE migration, not only longterm pins",
    cites: [C.hubbardRfc, C.hubbardRfcReplies],
    model: ["7.3"],
    takesArg: "timeout (default 1s)",
    apply: (c, a) =>
      RFC_ON(c, { scope: "all-movable", timeout_ns: a === undefined ? 1_000_000_000 : parseTimeout_ns(a) }),
  },
  {
    name: "hubbard-wake-batches",
    summary: "RFC variant: batch releases (folios_put) wake waiters too (patch 1/2 text UNVERIFIED)",
    cites: [C.hubbardRfc],
    model: ["7.3", "12"],
    apply: (c) => ({ ...c, hubbard_wait: { ...c.hubbard_wait, wake_from_batch_release: true } }),
  },
  {
    name: "will-drain-if-mlocked",
    summary: "Will Deacon 2025-08-15: drain if !lru || mlocked",
    cites: [C.willDrainIfMlocked],
    model: ["8"],
    apply: (c) =>
      withCollectRule(
        { ...c, collect_drain_test: "lru-flag", collect_drain_also_if: "mlocked" },
        DRAIN_IF_NOT_LRU_OR_MLOCKED,
      ),
  },
  {
    name: "hugh-mlocked-not-unevictable",
    summary: "review idea: drain if !lru || (mlocked && !unevictable); failed Will's test",
    cites: [C.hughMlockedNotUnevictable],
    model: ["8"],
    apply: (c) =>
      withCollectRule(
        { ...c, collect_drain_test: "lru-flag", collect_drain_also_if: "mlocked-not-unevictable" },
        DRAIN_IF_NOT_LRU_OR_MLOCKED_EVICTABLE,
      ),
  },
  {
    name: "eagain-to-caller",
    summary: "review idea: a failed migration returns -EAGAIN to the caller instead of -ENOMEM",
    cites: [C.eagainToCaller],
    model: ["3.5"],
    apply: (c) => ({ ...c, migration_failure_errno: "EAGAIN" }),
  },
];
