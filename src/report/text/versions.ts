// Human listing of kernel versions, patches and aliases.

import type { VersionEntry } from "../../versions/list.ts";

export function formatVersions(list: readonly VersionEntry[]): string {
  const width = Math.max(...list.map((e) => e.name.length + (e.argument ? 7 : 0))) + 2;
  const out: string[] = [];
  for (const kind of ["base", "patch", "alias"] as const) {
    out.push(
      `${kind === "base" ? "bases" : kind === "patch" ? "patches (compose with +, e.g. v6.15+hugh-refcount-check)" : "aliases"}:`,
    );
    for (const e of list.filter((x) => x.kind === kind)) {
      const name = e.argument ? `${e.name}[=ARG]` : e.name;
      const extra = e.expands ? ` = ${e.expands}` : "";
      out.push(`  ${name.padEnd(width)}${e.summary}${extra}  [kernel-reference ${e.ref}]`);
    }
    out.push("");
  }
  return out.join("\n");
}
