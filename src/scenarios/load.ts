// Entry point: a scenario by built-in name or by path to a user's YAML file.

import { readFileSync } from "node:fs";
import { didYouMean } from "../versions/suggest.ts";
import { builtinNames, isBuiltin, loadBuiltin } from "./builtin.ts";
import { ScenarioError } from "./errors.ts";
import { parseScenario } from "./parse.ts";
import type { Scenario } from "./scenario.ts";

export { parseScenario };

/**
 * A built-in name (see listBuiltinScenarios) or a path to a .yaml file; a built-in name wins over
 * a same-named file in the current directory (write ./name to mean the file). Throws ScenarioError.
 */
export function loadScenario(nameOrPath: string): Scenario {
  if (isBuiltin(nameOrPath)) return loadBuiltin(nameOrPath);
  return parseScenario(readScenarioFile(nameOrPath), nameOrPath);
}

function readScenarioFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const names = builtinNames();
    const found =
      code === "ENOENT"
        ? `no built-in scenario or file named "${path}"`
        : `a file that cannot be read (${code ?? String(e)})`;
    throw new ScenarioError({
      file: path,
      line: 0,
      column: 0,
      field: "",
      found,
      expected: `a built-in scenario (${names.join(", ")}) or a path to a scenario .yaml file${didYouMean(path, names)}`,
    });
  }
}
