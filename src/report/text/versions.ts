// Human listing of kernel versions, patches and aliases, each with the commits it models; and one
// kernel's resolved settings with where each comes from (`pinsim versions show`).

import { BASES } from "../../versions/bases.ts";
import { type Citation, citationText } from "../../versions/commits.ts";
import type { VersionEntry } from "../../versions/list.ts";
import type { KernelProvenance, SettingSource } from "../../versions/provenance.ts";

const HEADINGS = {
  base: "bases:",
  patch: "patches (compose with +, e.g. v6.15+hugh-refcount-check; =ARG where shown):",
  alias: "aliases:",
} as const;

export function modelSections(model: readonly string[]): string {
  if (model.length === 0) return "no section of docs/kernel-model.md (a patch file)";
  return `docs/kernel-model.md ${model.map((m) => `§${m}`).join(", ")}`;
}

export function formatVersions(list: readonly VersionEntry[]): string {
  const out: string[] = [];
  for (const kind of ["base", "patch", "alias"] as const) {
    out.push(HEADINGS[kind]);
    for (const e of list.filter((x) => x.kind === kind)) {
      const name = e.argument ? `${e.name}[=ARG]` : e.name;
      out.push(`  ${name}  ${e.summary}`);
      if (e.expands) out.push(`      = ${e.expands}`);
      if (e.argument) out.push(`      ARG: ${e.argument}`);
      for (const c of e.cites) out.push(`      ${citationText(c)}`);
      out.push(`      ${modelSections(e.model)}`);
    }
    out.push("");
  }
  out.push("pinsim versions show KERNEL prints a kernel's settings and where each comes from.", "");
  return out.join("\n");
}

export function formatProvenance(p: KernelProvenance): string {
  const steps = p.expands.split("+");
  const recipe = [`base ${steps[0]}`, ...steps.slice(1).map((s) => `patch ${s}`)].join(", then ");
  const alias = p.expands === p.name ? "" : ` (= ${p.expands})`;
  const fieldWidth = Math.max(...p.settings.map((s) => s.field.length)) + 2;
  const valueWidth = Math.max(...p.settings.map((s) => JSON.stringify(s.value).length)) + 2;
  const rows = p.settings.map(
    (s) =>
      `  ${s.field.padEnd(fieldWidth)}${JSON.stringify(s.value).padEnd(valueWidth)}${sourceName(s.from)}`,
  );
  const sources = uniqueSources(p.settings.map((s) => s.from));
  const cites = sources.flatMap((s) => [
    `  ${sourceName(s)}: ${modelSections(s.model)}`,
    ...s.cites.map((c: Citation) => `      ${citationText(c)}`),
  ]);
  return [
    `${p.name}${alias}: ${recipe}`,
    "",
    ...patchChanges(p),
    `  ${"setting".padEnd(fieldWidth)}${"value".padEnd(valueWidth)}from`,
    ...rows,
    "",
    "where the settings come from:",
    ...cites,
    "",
    "What each setting means: src/kernel/config.ts and docs/kernel-model.md.",
    "",
  ].join("\n");
}

/** "what each patch changes": every switch a patch step turns, old value -> new value. */
function patchChanges(p: KernelProvenance): string[] {
  if (p.changes.length === 0) return [];
  const out = ["what each patch changes:"];
  for (const c of p.changes) {
    out.push(`  ${c.part}${c.name === c.part ? "" : ` (${c.name})`}: ${c.summary}`);
    if (c.fields.length === 0) out.push("      (no setting changes: already so, or not modelled)");
    for (const f of c.fields)
      out.push(
        `      ${f.field}: ${f.from === undefined ? "(the kernel's own)" : JSON.stringify(f.from)} -> ${JSON.stringify(f.to)}`,
      );
  }
  out.push("");
  return out;
}

function sourceName(s: SettingSource): string {
  return `${s.kind} ${s.name}`;
}

/** Each source once: bases oldest first, then the patches in the order they apply. */
function uniqueSources(list: readonly SettingSource[]): SettingSource[] {
  const seen = new Map<string, SettingSource>();
  for (const s of list) if (!seen.has(sourceName(s))) seen.set(sourceName(s), s);
  const rank = (s: SettingSource) =>
    s.kind === "base" ? BASES.findIndex((b) => b.name === s.name) : BASES.length;
  return [...seen.values()].sort((a, b) => rank(a) - rank(b)); // stable: patches keep their order
}
