// The catalogue `pinsim versions` prints: one entry per base, patch and alias.

import { ALIASES } from "./aliases.ts";
import { BASES } from "./bases.ts";
import { allPatches } from "./resolve.ts";

export interface VersionEntry {
  readonly kind: "base" | "patch" | "alias";
  readonly name: string;
  readonly summary: string;
  readonly ref: string;
  readonly expands?: string;
  readonly argument?: string;
}

export function listVersions(): VersionEntry[] {
  return [
    ...BASES.map((b): VersionEntry => ({ kind: "base", name: b.name, summary: b.summary, ref: b.ref })),
    ...allPatches().map(
      (p): VersionEntry => ({
        kind: "patch",
        name: p.name,
        summary: p.summary,
        ref: p.ref,
        ...(p.takesArg ? { argument: p.takesArg } : {}),
      }),
    ),
    ...ALIASES.map(
      (a): VersionEntry => ({
        kind: "alias",
        name: a.name,
        summary: a.summary,
        ref: a.ref,
        expands: a.expands,
      }),
    ),
  ];
}
