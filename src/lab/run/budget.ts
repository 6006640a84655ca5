// What a scenario will cost before it runs: simulated steps (time) and bytes (memory) per run,
// estimated from the actors' counts and the regions' sizes, so that `reads: 9007199254740991`
// or a 1 TiB memfd is refused at once, with the estimate and the limit, instead of running for
// hours or until the OOM killer. The estimate is deliberately on the high side; the limits are
// also enforced while running (a step budget and a folio budget), for what it cannot foresee.

import { FolioTable } from "../../kernel/folio_table.ts";
import { GUP_PIN_COUNTING_BIAS } from "../../kernel/holders.ts";
import type { ActorSpec, HoldDistribution, RegionSpec, Scenario } from "../../scenarios/scenario.ts";
import type { Limits } from "./limits.ts";
import { programWork } from "./program_budget.ts";

export { DEFAULT_LIMITS, type Limits } from "./limits.ts";

/** The scenario asks for more than pinsim can simulate in the limits: the user's input (exit 2). */
export class LimitError extends Error {
  override readonly name = "LimitError";
}

export interface RunEstimate {
  readonly steps: number;
  readonly memory_bytes: number;
}

const PAGE_SIZE_BYTES = 4096;
const HUGE_PAGES = 512;

// Engine steps per unit of actor work, measured on the built-ins and rounded up.
const STEPS_PER_FAULT = 4;
const STEPS_PER_OP = 6;
/** A pinned page may be isolated, migrated and retried (ten passes, outer retries). */
const STEPS_PER_PINNED_PAGE = 16;
const STEPS_PER_READAHEAD_PAGE = 1;
const STEPS_FIXED = 1_000;

// Bytes, measured the same way: page-table and page-cache slots per region page, one folio slot
// (twice, as the table doubles), each op's task, and what a step leaves behind (jitter draws,
// pin records).
const BYTES_PER_REGION_PAGE = 12;
const BYTES_PER_FOLIO = 2 * (FolioTable.BYTES_PER_FOLIO + 8);
const BYTES_PER_OP_TASK = 1_500;
const BYTES_PER_STEP = 16;
/** A traced run keeps every event, then formats them all: measured at ~800 bytes per step. */
const BYTES_PER_TRACED_STEP = 1_000;
const BYTES_FIXED = 64 * 1024 * 1024;

/** Folio slots a run may create within the memory limit (the run-time guard). */
export function maxFolios(limits: Limits): number {
  return Math.floor(limits.max_memory_bytes / BYTES_PER_FOLIO);
}

export function estimateRun(s: Scenario, traced = false): RunEstimate {
  const regions = new Map(s.regions.map((r) => [r.name, r]));
  let steps = STEPS_FIXED;
  let tasks = 0;
  let readahead_pages = 0;
  for (const a of s.actors) {
    const r = regions.get(a.region)!;
    steps += actorSteps(a, r, s.stop_ns);
    if (a.kind === "gpu") tasks += startedBeforeStop(a.ops, a.start_ns, a.interval_ns, s.stop_ns);
    if (a.kind === "gup-reader") tasks += startedBeforeStop(a.reads, a.start_ns, a.interval_ns, s.stop_ns);
    // The readahead file is sized for every touch up front, whether or not the run gets there.
    if (a.kind === "vmm") readahead_pages += a.touches * a.readahead_pages;
  }
  // Programs (tasks:): their pages may all be faulted, read or pinned (a folio slot each, twice
  // for a migration), the file pages they read come on top of the regions.
  const program = programWork(s.tasks, regions, PAGE_SIZE_BYTES);
  steps += program.steps;
  tasks += program.spawned_tasks;
  readahead_pages += program.file_pages;
  const region_pages = s.regions.reduce((n, r) => n + pagesOf(r), 0);
  const machine_pages = (s.machine.dma32_mib + s.machine.normal_mib + s.machine.movable_mib) * 256;
  // Folios live in the machine's memory (allocations fail when it is full) and exist only for
  // pages something faults in; migration adds a slot per page moved.
  const faulted =
    s.regions.reduce((n, r) => n + Math.min(pagesOf(r), faultedPages(s, r)), 0) +
    Math.min(region_pages, program.region_pages);
  const folios =
    Math.min(machine_pages, faulted + readahead_pages) +
    pinnedPages(s, regions) +
    Math.min(region_pages, program.region_pages);
  const memory_bytes =
    BYTES_FIXED +
    (region_pages + readahead_pages) * BYTES_PER_REGION_PAGE +
    folios * BYTES_PER_FOLIO +
    tasks * BYTES_PER_OP_TASK +
    steps * (traced ? BYTES_PER_TRACED_STEP : BYTES_PER_STEP);
  return { steps, memory_bytes };
}

/** Pages of `r` the actors can fault in: touches, pins, mlock(now) population. */
function faultedPages(s: Scenario, r: RegionSpec): number {
  let n = r.mlock === "now" ? pagesOf(r) : 0;
  for (const a of s.actors) {
    if (a.region !== r.name) continue;
    if (a.kind === "vmm") n += a.touches;
    if (a.kind === "pkvm-vcpu") n += a.pins;
    if (a.kind === "io_uring") n += a.pages;
  }
  return n;
}

function pagesOf(r: RegionSpec): number {
  return r.size_bytes / PAGE_SIZE_BYTES;
}

/**
 * How many of `count` operations start before the run stops: operation i starts at start +
 * i * interval, and nothing starts after stop.time.
 */
function startedBeforeStop(count: number, start_ns: number, interval_ns: number, stop_ns: number): number {
  if (interval_ns === 0) return count;
  return Math.min(count, Math.floor(Math.max(0, stop_ns - start_ns) / interval_ns) + 1);
}

function actorSteps(a: ActorSpec, r: RegionSpec, stop_ns: number): number {
  const n = (count: number, start_ns: number, interval_ns: number) =>
    startedBeforeStop(count, start_ns, interval_ns, stop_ns);
  switch (a.kind) {
    case "vmm":
      return (
        n(a.touches, a.start_ns, a.interval_ns) *
          (STEPS_PER_FAULT + a.readahead_pages * STEPS_PER_READAHEAD_PAGE) +
        (r.mlock === "now" ? pagesOf(r) * STEPS_PER_FAULT : 0)
      );
    case "pkvm-vcpu":
      // With retry_on_eagain a failed pin is retried every interval until the run stops.
      return (
        n(a.pins, a.start_ns, a.interval_ns) * STEPS_PER_PINNED_PAGE +
        (a.retry_on_eagain ? retriesUntil(stop_ns, a.interval_ns) : 0)
      );
    case "gpu":
      return n(a.ops, a.start_ns, a.interval_ns) * (STEPS_PER_OP + a.pages_per_op);
    case "io_uring":
      return n(a.registrations, a.start_ns, a.interval_ns) * (STEPS_PER_OP + a.pages * STEPS_PER_PINNED_PAGE);
    case "gup-reader":
      return n(a.reads, a.start_ns, a.interval_ns) * (STEPS_PER_OP + a.pages_per_read);
    case "lru-traffic":
      return n(a.ops, a.start_ns, a.interval_ns) * STEPS_PER_OP;
    case "munlock":
    case "munmap":
      return pagesOf(r);
    case "khugepaged":
      // Each scan is an lru_add_drain_all(): work queued on, and flushed from, every CPU.
      return n(a.scans, a.start_ns, a.interval_ns) * STEPS_PER_OP * 4;
  }
}

function retriesUntil(stop_ns: number, interval_ns: number): number {
  return (stop_ns / Math.max(interval_ns, 1)) * STEPS_PER_PINNED_PAGE;
}

function pinnedPages(s: Scenario, regions: ReadonlyMap<string, RegionSpec>): number {
  let n = 0;
  for (const a of s.actors) {
    if (a.kind === "pkvm-vcpu") n += a.pins;
    if (a.kind === "io_uring") n += a.registrations * Math.min(a.pages, pagesOf(regions.get(a.region)!));
  }
  return n;
}

/**
 * How many of `count` operations started every interval can hold their references at once: those
 * that start within the longest hold.
 */
function inFlight(
  count: number,
  a: { readonly interval_ns: number; readonly hold: HoldDistribution },
): number {
  if (a.interval_ns === 0) return count;
  return Math.min(count, Math.floor(longestHold_ns(a.hold) / a.interval_ns) + 1);
}

/**
 * The longest hold a run will draw: the bound of a fixed or uniform hold; for the unbounded ones
 * a point so far out it is never reached (exponential: 50 means, p = e^-50; lognormal: 10 sigma).
 * A run that gets past it anyway is stopped cleanly by the ledger guard.
 */
function longestHold_ns(h: HoldDistribution): number {
  switch (h.dist) {
    case "fixed":
      return h.value_ns;
    case "uniform":
      return h.max_ns;
    case "exponential":
      return 50 * h.mean_ns;
    case "lognormal":
      return h.median_ns * Math.exp(10 * h.sigma);
  }
}

/** The kernel's refcount is a 32-bit atomic, and so is pinsim's (kernel/folio_table.ts). */
const MAX_REFCOUNT = 0x7fffffff;

/**
 * Refuses a scenario whose actors could stack more references of one kind on one folio than
 * its 32-bit refcount holds (a pin on a small folio adds GUP_PIN_COUNTING_BIAS): pins kept by a vCPU that goes round a region many times, or thousands of
 * overlapping GPU operations on one 2 MiB folio.
 */
export function checkReferenceCounts(s: Scenario): void {
  for (const r of s.regions) {
    const P = pagesOf(r);
    const F = r.kind === "thp-anon" || r.kind === "hugetlb-memfd" ? Math.min(HUGE_PAGES, P) : 1;
    const on = s.actors.filter((a) => a.region === r.name);
    const n = (count: number, start_ns: number, interval_ns: number) =>
      startedBeforeStop(count, start_ns, interval_ns, s.stop_ns);
    let pins = 0;
    let transient = 0;
    let gets = 0;
    for (const a of on) {
      // A vCPU keeps every pin, one per page per pass over the region.
      if (a.kind === "pkvm-vcpu") pins += F * Math.ceil(n(a.pins, a.start_ns, a.interval_ns) / P);
      if (a.kind === "io_uring") pins += Math.min(a.pages, F);
      if (a.kind === "gpu")
        transient += inFlight(n(a.ops, a.start_ns, a.interval_ns), a) * Math.min(a.pages_per_op, F);
      if (a.kind === "gup-reader")
        gets += inFlight(n(a.reads, a.start_ns, a.interval_ns), a) * Math.min(a.pages_per_read, F);
    }
    for (const [count, kind] of [
      [pins, "GUP pin"],
      [transient, "transient (GPU)"],
      [gets, "GUP get"],
    ] as const) {
      const each = kind === "GUP pin" && F === 1 ? GUP_PIN_COUNTING_BIAS : 1;
      if (count * each > MAX_REFCOUNT)
        throw new LimitError(
          `${s.name}: the actors on region "${r.name}" could hold up to ${sci(count)} ${kind} references on one folio at once, past what a folio's 32-bit refcount holds (${MAX_REFCOUNT})`,
        );
    }
  }
}

/**
 * Refuses a command whose runs would need more than `limits`: `runs` runs of each of `scenarios`
 * (the --vary points; every kernel and search seed counted in `runs`). Time and memory first,
 * then the reference ledger, which only matters once the scenario can run at all.
 */
export function admit(
  scenarios: readonly Scenario[],
  runs: number,
  limits: Limits,
  opts: { traced?: boolean } = {},
): RunEstimate {
  const each = scenarios.map((s) => estimateRun(s, opts.traced));
  const e = {
    steps: Math.max(...each.map((x) => x.steps)),
    memory_bytes: Math.max(...each.map((x) => x.memory_bytes)),
  };
  const name = scenarios[0]!.name;
  const total = each.reduce((sum, x) => sum + x.steps, 0) * runs;
  const count = runs * scenarios.length;
  if (total > limits.max_steps) {
    const per = count > 1 ? ` for ${count} runs (${sci(e.steps)} per run)` : "";
    throw new LimitError(
      `${name}: needs about ${sci(total)} simulated steps${per}, over the limit of ${sci(limits.max_steps)}; raise it with --max-steps if you mean it`,
    );
  }
  if (e.memory_bytes > limits.max_memory_bytes) {
    throw new LimitError(
      `${name}: a run needs about ${approxBytes(e.memory_bytes)} of memory, over the limit of ${approxBytes(limits.max_memory_bytes)}; raise it with --max-memory if you mean it`,
    );
  }
  for (const s of scenarios) checkReferenceCounts(s);
  return e;
}

/** 1.2e9, for counts too large to read digit by digit. */
export function sci(n: number): string {
  return n < 1e6 ? String(Math.round(n)) : n.toExponential(1).replace("e+", "e");
}

/** "3.2 GiB": an estimate reads better rounded than as formatSize's exact "3277MiB". */
export function approxBytes(bytes: number): string {
  const GiB = 1024 ** 3;
  if (bytes >= 1024 * GiB) return `${sci(bytes / GiB)} GiB`;
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  return `${Math.ceil(bytes / 1024 ** 2)} MiB`;
}
