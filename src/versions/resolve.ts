// "v6.15+hugh-refcount-check+hubbard-wait=10ms" -> KernelConfig. Nothing in kernel/ sees names.

import type { KernelConfig } from "../kernel/config.ts";
import { ALIASES } from "./aliases.ts";
import { BASES } from "./bases.ts";
import { isPatchFile, loadPatchFile } from "./patch_file.ts";
import { PATCHES, type Patch, PatchArgError } from "./patches.ts";
import { didYouMean } from "./suggest.ts";

export class UnknownKernelError extends Error {}

/** Patches users add at run time (plugin modules). */
const extraPatches: Patch[] = [];

export function registerPatch(p: Patch): void {
  if (allPatches().some((q) => q.name === p.name))
    throw new UnknownKernelError(`patch "${p.name}" already exists`);
  extraPatches.push(p);
}

export function allPatches(): readonly Patch[] {
  return [...PATCHES, ...extraPatches];
}

export function resolveKernel(spec: string): KernelConfig {
  const parts = expandAlias(spec.trim()).split("+");
  const baseName = parts[0]!;
  const base = BASES.find((b) => b.name === baseName);
  if (base === undefined) {
    throw new UnknownKernelError(
      `unknown kernel "${baseName}"${didYouMean(baseName, [...BASE_NAMES, ...ALIASES.map((a) => a.name)])}; bases: ${BASES.map((b) => b.name).join(", ")}; aliases: ${ALIASES.map((a) => a.name).join(", ")}`,
    );
  }
  let config = base.config;
  for (const part of parts.slice(1)) {
    const [name, arg] = splitArg(part);
    const patch = patchFor(spec, name, arg);
    try {
      config = patch.apply(config, arg);
    } catch (e) {
      if (e instanceof PatchArgError) throw new UnknownKernelError(`${spec}: ${e.message}`);
      throw e;
    }
  }
  return { name: spec.trim(), ...config };
}

/** The patch a `+` component names: a built-in or registered one, or a patch file (a path). */
export function patchFor(spec: string, name: string, arg: string | undefined): Patch {
  if (isPatchFile(name)) {
    if (arg !== undefined)
      throw new UnknownKernelError(`${spec}: a patch file takes no argument (got "=${arg}")`);
    return loadPatchFile(name);
  }
  const patch = allPatches().find((p) => p.name === name);
  if (patch === undefined) {
    throw new UnknownKernelError(
      `unknown patch "${name}" in "${spec}"${didYouMean(
        name,
        allPatches().map((p) => p.name),
      )}; patches: ${allPatches()
        .map((p) => p.name)
        .join(
          ", ",
        )}; or a patch file (a path ending in .yaml); or the patch of a --patch-module FILE.ts given with it`,
    );
  }
  if (arg !== undefined && patch.takesArg === undefined) {
    throw new UnknownKernelError(`${spec}: patch ${name} takes no argument (got "=${arg}")`);
  }
  return patch;
}

export function expandAlias(spec: string): string {
  const [head, ...rest] = spec.split("+");
  const alias = ALIASES.find((a) => a.name === head);
  if (alias === undefined) return spec;
  return [expandAlias(alias.expands), ...rest].join("+");
}

export function splitArg(part: string): [string, string | undefined] {
  const i = part.indexOf("=");
  return i < 0 ? [part, undefined] : [part.slice(0, i), part.slice(i + 1)];
}

export const BASE_NAMES: readonly string[] = BASES.map((b) => b.name);
