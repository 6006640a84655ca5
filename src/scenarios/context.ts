// What a field may need to know about the rest of the scenario while it is being read. Sections
// are read in dependency order (machine and stop, then regions, then actors), so each context
// holds only what is already final.

import type { MachineSpec, RegionKind, RegionSpec } from "./scenario.ts";

/** The simulated base page; region page counts are size / PAGE_SIZE_BYTES. */
export const PAGE_SIZE_BYTES = 4096;
/** PMD-sized folios (THP, hugetlb) on x86-64 and arm64 with 4 KiB pages. */
export const HUGE_PAGE_SIZE_BYTES = 2 * 1024 * 1024;

export interface RegionContext {
  readonly kind: RegionKind;
}

export interface ScenarioContext {
  readonly machine: MachineSpec;
  readonly stop_ns: number;
  readonly regions: ReadonlyMap<string, RegionSpec>;
}

export interface ActorContext extends ScenarioContext {
  /** Position in the actors list, for the default name `<kind>-<index>`. */
  readonly index: number;
  readonly kind: string;
  readonly region: RegionSpec;
}

export function regionPages(region: RegionSpec): number {
  return region.size_bytes / PAGE_SIZE_BYTES;
}

export interface StepContext extends ScenarioContext {
  /** The region the step works on, once read (page bounds depend on it). */
  readonly region: RegionSpec | null;
  /** The task's name, for default labels. */
  readonly task: string;
}
