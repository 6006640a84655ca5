// What a check runs on: a scenario (built-in or file) cut to its small configuration, a kernel
// config with the scenario's small-machine batch size, and the size. The command line loads the
// scenario and resolves the kernel name; sizes outside the limits are input errors (exit 2).

import type { KernelConfig } from "../kernel/config.ts";
import type { PropertySpec, Scenario } from "../scenarios/scenario.ts";
import { defaultSize, type SmallConfiguration, type SmallSize, smallConfiguration } from "./small_config.ts";

export class CheckInputError extends Error {
  override name = "CheckInputError";
}

export interface CheckTarget {
  /** The scenario as the user named it (a built-in name or a path): what tokens carry. */
  readonly scenarioArg: string;
  readonly name: string;
  /** A digest of the scenario's content: a token made from another version of it is refused. */
  readonly digest: string;
  readonly small: SmallConfiguration;
  readonly properties: readonly PropertySpec[];
  /** The resolved kernel, with the small machine's batch size; its name is the kernel as given. */
  readonly config: KernelConfig;
  readonly size: SmallSize;
}

export const SIZE_LIMITS: { readonly [K in keyof SmallSize]: readonly [number, number] } = {
  cpus: [1, 16],
  folios: [1, 16],
  repeats: [1, 8],
};

export function checkTarget(
  scenarioArg: string,
  scenario: Scenario,
  config: KernelConfig,
  overrides: Partial<SmallSize>,
): CheckTarget {
  const d = defaultSize(scenario);
  const size: SmallSize = {
    cpus: overrides.cpus ?? d.cpus,
    folios: overrides.folios ?? d.folios,
    repeats: overrides.repeats ?? d.repeats,
  };
  for (const key of Object.keys(SIZE_LIMITS) as (keyof SmallSize)[]) within(key, size[key]);
  const batch = scenario.check.batch_size;
  return {
    scenarioArg,
    name: scenario.name,
    digest: scenarioDigest(scenario),
    small: smallConfiguration(scenario, size),
    properties: scenario.properties,
    config: batch === null ? config : { ...config, batch_size: batch },
    size,
  };
}

function within(field: keyof SmallSize, value: number): void {
  const [lo, hi] = SIZE_LIMITS[field];
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new CheckInputError(`--${field} ${value}: the checker's small machine takes ${lo}..${hi}`);
  }
}

/** FNV-1a of the scenario's content (not where it was loaded from), in hex. */
export function scenarioDigest(s: Scenario): string {
  const text = JSON.stringify({ ...s, source: "" });
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
