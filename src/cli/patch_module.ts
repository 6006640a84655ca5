// --patch-module FILE.ts: the one way code from outside pinsim enters a run. Only this flag imports
// a module (scenario files and kernel names never do); what it exports is registered as a patch.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PatchModuleError, patchFromModule } from "../versions/patch_module.ts";
import { registerPatch } from "../versions/resolve.ts";

/** Imported files, so a second command in one process (tests) does not register twice. */
const loaded = new Map<string, string>();

/** Imports `file` and registers its patch; returns the patch's name. */
export async function loadPatchModule(file: string): Promise<string> {
  const path = resolve(file);
  const known = loaded.get(path);
  if (known !== undefined) return known;
  if (!existsSync(path)) throw new PatchModuleError(`${file}: no such patch module`);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new PatchModuleError(
      `${file}: the patch module failed to load: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const patch = patchFromModule(file, exports);
  registerPatch(patch);
  loaded.set(path, patch.name);
  return patch.name;
}
