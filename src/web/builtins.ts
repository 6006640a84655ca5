// The built-in scenarios' YAML, bundled into the page at build time (Vite's import.meta.glob), so
// the page needs no server to read them: the same files `pinsim scenarios` lists.

import { parseScenarioAs } from "../scenarios/parse.ts";
import { builtinInput, type ScenarioInput } from "./jobs.ts";

const files = import.meta.glob<string>("../scenarios/builtin/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});

export const BUILTIN_SOURCES: ReadonlyMap<string, string> = new Map(
  Object.entries(files)
    .map(([path, text]) => [path.replace(/^.*\//, "").replace(/\.yaml$/, ""), text] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);

export const BUILTIN_NAMES: readonly string[] = [...BUILTIN_SOURCES.keys()];

export function builtinScenarioInput(name: string): ScenarioInput {
  return builtinInput(name, BUILTIN_SOURCES.get(name) ?? "");
}

/** Each built-in's one-line description, for the picker. */
export function builtinDescription(name: string): string {
  const input = builtinScenarioInput(name);
  return parseScenarioAs(input.text, input.source, input.file).description;
}
