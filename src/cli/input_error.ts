// Which thrown errors are the user's input being wrong (exit 2), wherever they come from.

import { RuleError } from "../kernel/decisions.ts";
import { PatchFileError } from "../versions/patch_file.ts";
import { PatchModuleError } from "../versions/patch_module.ts";
import { UnknownKernelError } from "../versions/resolve.ts";

const inputErrorClasses: (abstract new (...args: never[]) => Error)[] = [
  UnknownKernelError,
  PatchFileError,
  PatchModuleError,
  RuleError,
];

/** Lets other layers (scenarios, plugins) declare their error classes as input errors. */
export function registerInputError(cls: abstract new (...args: never[]) => Error): void {
  inputErrorClasses.push(cls);
}

export function isInputError(e: unknown): boolean {
  return (
    inputErrorClasses.some((cls) => e instanceof cls) || (e instanceof Error && e.name === "ScenarioError")
  );
}
