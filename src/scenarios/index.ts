// The scenarios module as the rest of pinsim sees it.

export { formatDuration, formatSize, parseDuration, parseSize } from "../engine/units.ts";
export {
  type BuiltinSummary,
  builtinNames,
  builtinSource,
  isBuiltin,
  listBuiltinScenarios,
} from "./builtin.ts";
export { ScenarioError } from "./errors.ts";
export { loadScenario } from "./load.ts";
export { type Override, parseScenario, yamlScalar } from "./parse.ts";
export type * from "./scenario.ts";
