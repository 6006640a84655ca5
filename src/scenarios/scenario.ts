// The validated, fully-defaulted form of a scenario. The YAML loader produces it; workloads/ and
// lab/ consume it. Every duration is virtual nanoseconds, every size is in bytes or pages as named.

import type { TaskSpec } from "./program.ts";

export type Duration_ns = number;

export type HoldDistribution =
  | { readonly dist: "fixed"; readonly value_ns: Duration_ns }
  | { readonly dist: "uniform"; readonly min_ns: Duration_ns; readonly max_ns: Duration_ns }
  | { readonly dist: "exponential"; readonly mean_ns: Duration_ns }
  | { readonly dist: "lognormal"; readonly median_ns: Duration_ns; readonly sigma: number };

export interface MachineSpec {
  readonly cpus: number;
  readonly dma32_mib: number;
  readonly normal_mib: number;
  readonly movable_mib: number;
  /** CMA area carved out of ZONE_NORMAL. */
  readonly cma_mib: number;
  /** Where user (movable) allocations go first. */
  readonly movable_alloc_order: readonly ("movable" | "cma" | "normal" | "dma32")[];
}

export type RegionKind = "memfd" | "anon" | "thp-anon" | "hugetlb-memfd";

export interface RegionSpec {
  readonly name: string;
  readonly kind: RegionKind;
  readonly size_bytes: number;
  /** mlock state set up at mmap time: none, mlock2(MLOCK_ONFAULT), or mlock() (populates). */
  readonly mlock: "none" | "onfault" | "now";
  /** Map MAP_SHARED (memfd default) or MAP_PRIVATE. */
  readonly shared: boolean;
}

export interface VmmActor {
  readonly kind: "vmm";
  readonly name: string;
  readonly cpu: number;
  readonly region: string;
  readonly pattern: "sequential" | "random";
  /** Pages to touch (default: the whole region). */
  readonly touches: number;
  readonly start_ns: Duration_ns;
  readonly interval_ns: Duration_ns;
  /** Extra page-cache folios a readahead-like fault adds to the lru_add batch per touch. */
  readonly readahead_pages: number;
}

export interface PkvmVcpuActor {
  readonly kind: "pkvm-vcpu";
  readonly name: string;
  readonly cpu: number;
  readonly region: string;
  /** Pins to attempt (stage-2 faults), one page each. */
  readonly pins: number;
  readonly order: "sequential" | "random";
  readonly start_ns: Duration_ns;
  readonly interval_ns: Duration_ns;
  /** Retry the pin on -EAGAIN (only matters with the eagain-to-caller patch). */
  readonly retry_on_eagain: boolean;
}

export interface GpuActor {
  readonly kind: "gpu";
  readonly name: string;
  readonly cpu: number;
  readonly region: string;
  /** Transient operations to perform. */
  readonly ops: number;
  /** Pages referenced by each operation. */
  readonly pages_per_op: number;
  readonly hold: HoldDistribution;
  readonly start_ns: Duration_ns;
  readonly interval_ns: Duration_ns;
}

export interface IoUringActor {
  readonly kind: "io_uring";
  readonly name: string;
  readonly cpu: number;
  readonly region: string;
  /** Pages registered (default: the whole region). */
  readonly pages: number;
  readonly start_ns: Duration_ns;
  /** Registrations (each pins, then unregisters). */
  readonly registrations: number;
  readonly interval_ns: Duration_ns;
}

export interface GupReaderActor {
  readonly kind: "gup-reader";
  readonly name: string;
  readonly cpu: number;
  readonly region: string;
  readonly reads: number;
  readonly pages_per_read: number;
  readonly hold: HoldDistribution;
  readonly start_ns: Duration_ns;
  readonly interval_ns: Duration_ns;
}

export interface LruTrafficActor {
  readonly kind: "lru-traffic";
  readonly name: string;
  readonly cpu: number;
  readonly region: string;
  readonly op: "activate" | "deactivate" | "rotate" | "mark-accessed" | "mixed";
  readonly ops: number;
  readonly start_ns: Duration_ns;
  readonly interval_ns: Duration_ns;
}

export interface MunlockActor {
  readonly kind: "munlock" | "munmap";
  readonly name: string;
  readonly cpu: number;
  readonly region: string;
  readonly at_ns: Duration_ns;
}

/** The khugepaged kernel thread: a scan (lru_add_drain_all() first) every `interval_ns`. */
export interface KhugepagedActor {
  readonly kind: "khugepaged";
  readonly name: string;
  readonly cpu: number;
  readonly region: string;
  readonly scans: number;
  readonly start_ns: Duration_ns;
  readonly interval_ns: Duration_ns;
}

export type ActorSpec =
  | VmmActor
  | PkvmVcpuActor
  | GpuActor
  | IoUringActor
  | GupReaderActor
  | LruTrafficActor
  | MunlockActor
  | KhugepagedActor;

export type PropertySpec =
  | { readonly kind: "every-pin-succeeds" }
  | { readonly kind: "max-outer-retries"; readonly value: number }
  | { readonly kind: "max-global-drains-per-pin"; readonly value: number };

/** The small configuration `pinsim check` explores (command-line options override it). */
export interface CheckSpec {
  /** Pages of each region (and so at most the actors' page counts), from the start. */
  readonly folios: number;
  /** CPUs of the small machine; null: one per CPU the scenario's tasks and actors use. */
  readonly cpus: number | null;
  /** The LRU batch size of the small machine (PAGEVEC_SIZE / folio_batch); null: the kernel's. */
  readonly batch_size: number | null;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Where it came from: "builtin:<name>" or a file path. */
  readonly source: string;
  readonly machine: MachineSpec;
  readonly regions: readonly RegionSpec[];
  readonly actors: readonly ActorSpec[];
  /** Tasks with explicit programs (scenarios/program.ts). */
  readonly tasks: readonly TaskSpec[];
  /** Stop when virtual time passes this (actors finishing first also ends the run). */
  readonly stop_ns: Duration_ns;
  readonly kernel: string;
  readonly properties: readonly PropertySpec[];
  /** Cost-model overrides by field name (see kernel/cost_model.ts). */
  readonly costs: Readonly<Record<string, number>>;
  readonly check: CheckSpec;
}
