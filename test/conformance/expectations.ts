// What each base kernel must do in each situation of kernel-model.md §10.5 — the shared
// conformance table. Families group versions whose collect drain rule is the same (§3.4.1).

export type Family = "lru-flag-no-mlock-batch" | "lru-flag" | "refcount" | "batches-hold-no-refs";

export const KERNELS: Record<string, Family> = {
  "v5.17": "lru-flag-no-mlock-batch",
  "v5.18": "lru-flag",
  "v6.1": "lru-flag",
  "v6.9": "lru-flag",
  "v6.11": "lru-flag",
  "v6.15": "lru-flag",
  "v6.17": "refcount",
  "v6.18": "refcount",
  "debian-6.1": "refcount",
  "mm-2026": "batches-hold-no-refs",
};

export interface DrainCounts {
  local: number;
  global: number;
}

/** C1: small anon folio in ZONE_MOVABLE, nothing batched. */
export function c1Drains(f: Family): DrainCounts {
  // 6.17's test compares against expected + 1 while the folio carries the pin's 1024: always drains.
  return f === "refcount" ? { local: 1, global: 1 } : { local: 0, global: 0 };
}

/** C2: Will Deacon's case. */
export function c2(f: Family): { ok: boolean; drains: DrainCounts; refcountBefore: number } {
  switch (f) {
    case "lru-flag-no-mlock-batch":
      return { ok: true, drains: { local: 0, global: 0 }, refcountBefore: 2 }; // no mlock batch before 5.18
    case "lru-flag":
      return { ok: false, drains: { local: 0, global: 0 }, refcountBefore: 3 };
    case "refcount":
      return { ok: true, drains: { local: 1, global: 1 }, refcountBefore: 3 };
    case "batches-hold-no-refs":
      return { ok: true, drains: { local: 0, global: 0 }, refcountBefore: 2 };
  }
}

/**
 * C2 with the mlock batch on the pinning CPU: succeeds everywhere, since unmapping the folio from
 * its VM_LOCKED vma drains the local mlock batch (try_to_migrate_one(), 5.18+). The collect
 * drains are C2's on the versions that succeed there.
 */
export function c2PinningCpuDrains(f: Family): DrainCounts {
  return f === "refcount" ? { local: 1, global: 1 } : { local: 0, global: 0 };
}

/** C3: new mlocked anon folio (!PG_lru), faulted on the pinning CPU or another one. */
export function c3Drains(f: Family): DrainCounts {
  if (f === "batches-hold-no-refs") return { local: 0, global: 0 };
  if (f === "refcount") return { local: 1, global: 1 };
  return { local: 0, global: 1 };
}
