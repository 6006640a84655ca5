// The catalogue `pinsim versions` prints: one entry per base, patch and alias.

import { ALIASES } from "./aliases.ts";
import { BASES } from "./bases.ts";
import type { Citation } from "./commits.ts";
import { allPatches } from "./resolve.ts";

export interface VersionEntry {
  readonly kind: "base" | "patch" | "alias";
  readonly name: string;
  readonly summary: string;
  readonly cites: readonly Citation[];
  /** Sections of docs/kernel-model.md. */
  readonly model: readonly string[];
  readonly expands?: string;
  readonly argument?: string;
}

export function listVersions(): VersionEntry[] {
  return [
    ...BASES.map(
      (b): VersionEntry => ({
        kind: "base",
        name: b.name,
        summary: b.summary,
        cites: b.cites,
        model: b.model,
      }),
    ),
    ...allPatches().map(
      (p): VersionEntry => ({
        kind: "patch",
        name: p.name,
        summary: p.summary,
        cites: p.cites,
        model: p.model,
        ...(p.takesArg ? { argument: p.takesArg } : {}),
      }),
    ),
    ...ALIASES.map(
      (a): VersionEntry => ({
        kind: "alias",
        name: a.name,
        summary: a.summary,
        cites: a.cites,
        model: a.model,
        expands: a.expands,
      }),
    ),
  ];
}
