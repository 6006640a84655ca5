// `pinsim versions show KERNEL`: the resolved KernelConfig, and for every setting where its value
// comes from: the base (or the older base it inherits the value from) or the patch that last
// changed it, each with the commits it cites.

import type { KernelConfig } from "../kernel/config.ts";
import { BASES, type BaseVersion } from "./bases.ts";
import type { Citation } from "./commits.ts";
import { expandAlias, patchFor, resolveKernel, splitArg } from "./resolve.ts";

type Cfg = Omit<KernelConfig, "name">;

export interface SettingSource {
  readonly kind: "base" | "patch";
  readonly name: string;
  readonly cites: readonly Citation[];
  readonly model: readonly string[];
}

export interface Setting {
  /** "batch_size", or "hubbard_wait.timeout_ns" for a nested field. */
  readonly field: string;
  readonly value: string | number | boolean;
  readonly from: SettingSource;
}

export interface KernelProvenance {
  readonly name: string;
  /** The name with aliases expanded: "v6.1+hugh-refcount-check+...". */
  readonly expands: string;
  readonly config: KernelConfig;
  readonly settings: readonly Setting[];
  /** What each patch step changed, in the order they apply (a step may change nothing). */
  readonly changes: readonly PatchChange[];
}

export interface PatchChange {
  /** The `+` component: a patch name (with =ARG), or a patch file's path. */
  readonly part: string;
  readonly name: string;
  readonly summary: string;
  readonly fields: readonly { field: string; from: Value; to: Value }[];
}

type Value = string | number | boolean;

/** Throws UnknownKernelError (with suggestions) for names resolveKernel refuses. */
export function kernelProvenance(spec: string): KernelProvenance {
  const config = resolveKernel(spec);
  const expands = expandAlias(spec.trim());
  const [baseName, ...patchParts] = expands.split("+");
  const base = BASES.find((b) => b.name === baseName)!;
  const sources = new Map<string, SettingSource>();
  let current = flatten(base.config);
  for (const field of Object.keys(current)) sources.set(field, baseSource(introducedBy(base, field)));
  let cfg: Cfg = base.config;
  const changes: PatchChange[] = [];
  for (const part of patchParts) {
    const [name, arg] = splitArg(part);
    const patch = patchFor(spec, name, arg);
    cfg = patch.apply(cfg, arg);
    const next = flatten(cfg);
    const fields: PatchChange["fields"][number][] = [];
    for (const [field, value] of Object.entries(next)) {
      if (value === current[field]) continue;
      sources.set(field, { kind: "patch", name: part, cites: patch.cites, model: patch.model });
      fields.push({ field, from: current[field]!, to: value });
    }
    changes.push({ part, name: patch.name, summary: patch.summary, fields });
    current = next;
  }
  const settings = Object.entries(current).map(([field, value]) => ({
    field,
    value,
    from: sources.get(field)!,
  }));
  return { name: config.name, expands, config, settings, changes };
}

/** The oldest base on `base`'s line of descent that already had `base`'s value for `field`. */
function introducedBy(base: BaseVersion, field: string): BaseVersion {
  const value = flatten(base.config)[field];
  let at = base;
  for (;;) {
    const parent = BASES.find((b) => b.name === at.parent);
    if (parent === undefined || flatten(parent.config)[field] !== value) return at;
    at = parent;
  }
}

function baseSource(b: BaseVersion): SettingSource {
  return { kind: "base", name: b.name, cites: b.cites, model: b.model };
}

/** Top-level fields, and one level of nesting as "outer.inner". */
function flatten(c: Cfg): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(c)) {
    if (v !== null && typeof v === "object")
      // A decision rule (config.rules) shows as its name.
      for (const [k2, v2] of Object.entries(v))
        out[`${k}.${k2}`] = (typeof v2 === "object" ? `rule ${v2.name}` : v2) as string | number | boolean;
    else out[k] = v as string | number | boolean;
  }
  return out;
}
