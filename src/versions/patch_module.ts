// A patch written as code (docs/patches.md): a TypeScript module exporting `patch`, whose rules plug
// into the kernel model's decision points (kernel/decisions.ts). The CLI imports such a module only
// when --patch-module names it; this file checks the export and turns it into a named Patch.

import type { KernelConfig } from "../kernel/config.ts";
import type {
  CollectDrainDecide,
  DecisionRules,
  DrainAllCpuDecide,
  MigrateWaitDecide,
} from "../kernel/decisions.ts";
import type { Patch } from "./patches.ts";

/** What a patch module exports as `patch`. */
export interface PatchModule {
  /** The name to compose it by: `--kernel v6.15+NAME`. */
  readonly name: string;
  /** One line: what the patch does. */
  readonly description: string;
  /** The commit id or mail it stands for. */
  readonly stands_for: string;
  /** Its rules, one per decision point it changes (at least one). */
  readonly rules: {
    readonly collectDrain?: CollectDrainDecide;
    readonly migrateWait?: MigrateWaitDecide;
    readonly drainAllCpu?: DrainAllCpuDecide;
  };
}

export class PatchModuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchModuleError";
  }
}

const POINTS = ["collectDrain", "migrateWait", "drainAllCpu"] as const;

/** Checks a loaded module's `patch` export; `file` is for messages. */
export function patchFromModule(file: string, exports: Record<string, unknown>): Patch {
  const m = exports.patch as Partial<PatchModule> | undefined;
  const bad = (what: string): never => {
    throw new PatchModuleError(`${file}: ${what} (docs/patches.md shows a module)`);
  };
  if (m === undefined || m === null || typeof m !== "object")
    return bad(
      `no "patch" export; expected \`export const patch = { name, description, stands_for, rules }\``,
    );
  for (const key of ["name", "description", "stands_for"] as const)
    if (typeof m[key] !== "string" || m[key].trim() === "") bad(`patch.${key}: expected a non-empty string`);
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(m.name!)) bad(`patch.name "${m.name}": expected letters, digits and -`);
  const rules = m.rules as Record<string, unknown> | undefined;
  if (rules === undefined || rules === null || typeof rules !== "object")
    return bad(`patch.rules: expected a map of decision points (${POINTS.join(", ")}) to functions`);
  const keys = Object.keys(rules);
  if (keys.length === 0) bad(`patch.rules: expected at least one of ${POINTS.join(", ")}`);
  for (const key of keys) {
    if (!(POINTS as readonly string[]).includes(key))
      bad(`patch.rules.${key}: unknown decision point; expected one of ${POINTS.join(", ")}`);
    if (typeof rules[key] !== "function") bad(`patch.rules.${key}: expected a function`);
  }
  const name = m.name!;
  const installed: Record<string, unknown> = {};
  for (const key of keys) installed[key] = Object.freeze({ name, decide: rules[key] });
  return {
    name,
    summary: `${m.description} (module ${file})`,
    cites: [{ subject: m.description!, note: m.stands_for! }],
    model: [],
    apply: (c: Omit<KernelConfig, "name">) => ({
      ...c,
      rules: { ...c.rules, ...(installed as DecisionRules) },
    }),
  };
}
