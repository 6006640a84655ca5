// Built-in scenarios: the YAML files in ./builtin/, loadable by file name.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Override, parseScenarioAs } from "./parse.ts";
import type { Scenario } from "./scenario.ts";

export const BUILTIN_DIR = fileURLToPath(new URL("./builtin/", import.meta.url));

export interface BuiltinSummary {
  readonly name: string;
  readonly description: string;
}

/** Built-in names (file names without .yaml), sorted. */
export function builtinNames(): string[] {
  return readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

export function isBuiltin(name: string): boolean {
  return builtinNames().includes(name);
}

export function builtinPath(name: string): string {
  return join(BUILTIN_DIR, `${name}.yaml`);
}

/** A built-in's YAML exactly as shipped, comments included: the best template for a new scenario. */
export function builtinSource(name: string): string {
  return readFileSync(builtinPath(name), "utf8");
}

export function loadBuiltin(name: string, overrides: readonly Override[] = []): Scenario {
  const file = builtinPath(name);
  return parseScenarioAs(readFileSync(file, "utf8"), `builtin:${name}`, file, overrides);
}

/** What `pinsim scenarios` prints, sorted by name. */
export function listBuiltinScenarios(): BuiltinSummary[] {
  return builtinNames()
    .map((n) => loadBuiltin(n))
    .map((s) => ({ name: s.name, description: s.description }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
