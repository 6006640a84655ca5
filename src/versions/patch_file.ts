// A patch written as data by a reviewer: a YAML file naming the patch, what it stands for and the
// KernelConfig switches it sets. Composes like a built-in patch: `v6.15+./my-patch.yaml`.
// Errors say file:line:column, the field, what was found and what is valid (the scenario loader's
// shape; versions/ cannot import scenarios/, so this is a small equivalent).

import { readFileSync } from "node:fs";
import type { KernelConfig } from "../kernel/config.ts";
import { isMap, isScalar, LineCounter, type Node, parseDocument, type YAMLMap } from "../vendor/yaml.js";
import { BASES } from "./bases.ts";
import type { Citation } from "./commits.ts";
import { type Patch, PatchArgError, parseTimeout_ns } from "./patches.ts";
import { didYouMean } from "./suggest.ts";

type Cfg = Omit<KernelConfig, "name">;
type Scalar = string | number | boolean;

/** A bad patch file: the message is `FILE:LINE:COL: field F: found X, expected Y`. */
export class PatchFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchFileError";
  }
}

/** A `+` component that names a file rather than a built-in patch. */
export function isPatchFile(part: string): boolean {
  return part.includes("/") || part.endsWith(".yaml") || part.endsWith(".yml");
}

/** String switches and what they accept (the TypeScript unions of kernel/config.ts, at run time). */
export const SWITCH_CHOICES: Readonly<Record<string, readonly string[]>> = {
  collect_drain_test: ["lru-flag", "refcount"],
  collect_drain_also_if: ["never", "mlocked", "mlocked-not-unevictable"],
  collect_extra_refs: ["one", "pin-refs"],
  migration_failure_errno: ["ENOMEM", "EAGAIN"],
  "hubbard_wait.scope": ["longterm-pin", "all-movable"],
};

/** Every switch a patch file may set, with the type of its value ("outer.inner" for nested ones). */
export function switchTypes(): ReadonlyMap<string, "boolean" | "number" | "string"> {
  const out = new Map<string, "boolean" | "number" | "string">();
  for (const [k, v] of Object.entries(BASES[0]!.config)) {
    if (v !== null && typeof v === "object")
      for (const [k2, v2] of Object.entries(v)) out.set(`${k}.${k2}`, typeof v2 as "number");
    else out.set(k, typeof v as "number");
  }
  return out;
}

const TOP_KEYS = ["name", "description", "stands_for", "sets"];

export function loadPatchFile(file: string): Patch {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new PatchFileError(`${file}: cannot read patch file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const at = (node: Node | null | undefined, field: string, found: string, expected: string): never => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    throw new PatchFileError(
      `${file}:${line}:${col}: ${field ? `field ${field}: ` : ""}found ${found}, expected ${expected}`,
    );
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const { line, col } = lines.linePos(e.pos[0]);
    throw new PatchFileError(`${file}:${line}:${col}: found invalid YAML (${e.code}), expected a patch file`);
  }
  const root = doc.contents;
  if (!isMap(root)) return at(root, "", describe(root), `a map with keys ${TOP_KEYS.join(", ")}`);
  const top = entries(root, "", TOP_KEYS, at);
  const name = text_(top.get("name"), "name", at, "a patch name: letters, digits and - (e.g. my-wait-50ms)");
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name))
    at(
      top.get("name")?.node,
      "name",
      JSON.stringify(name),
      "a patch name: letters, digits and - (e.g. my-wait-50ms)",
    );
  const description = text_(top.get("description"), "description", at, "one line saying what the patch does");
  const standsFor = text_(
    top.get("stands_for"),
    "stands_for",
    at,
    "the commit id or mail (lore link) the patch models",
  );
  const sets = top.get("sets");
  if (sets === undefined || !isMap(sets.node))
    return at(sets?.node ?? root, "sets", describe(sets?.node), "a map of KernelConfig switches to values");
  const changes = readSwitches(sets.node, at);
  const cite: Citation = /^[0-9a-f]{12,40}$/.test(standsFor)
    ? { commit: standsFor.slice(0, 12), subject: description }
    : { subject: description, note: standsFor };
  return {
    name,
    summary: `${description} (file ${file})`,
    cites: [cite],
    model: [],
    apply: (c) => applySwitches(c, changes),
  };
}

type At = (node: Node | null | undefined, field: string, found: string, expected: string) => never;
interface Val {
  readonly node: Node | null;
  readonly keyNode: Node | null;
}

function entries(map: YAMLMap, prefix: string, known: readonly string[] | null, at: At): Map<string, Val> {
  const out = new Map<string, Val>();
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? keyNode.value : undefined;
    const field = prefix === "" ? String(key) : `${prefix}.${String(key)}`;
    if (typeof key !== "string") return at(keyNode, prefix, describe(keyNode), "a key that is a plain word");
    if (out.has(key)) at(keyNode, field, `a second "${key}" key`, "each key once");
    if (known !== null && !known.includes(key))
      at(keyNode, field, `unknown key "${key}"`, `one of ${known.join(", ")}${didYouMean(key, known)}`);
    out.set(key, { node: (pair.value as Node | null) ?? null, keyNode });
  }
  return out;
}

function text_(v: Val | undefined, field: string, at: At, expected: string): string {
  const value = isScalar(v?.node) ? v.node.value : undefined;
  if (typeof value !== "string" || value.trim() === "")
    return at(v?.node ?? v?.keyNode, field, describe(v?.node), expected);
  return value;
}

/** `sets:` as flat "outer.inner" switches; nested maps and dotted keys both work. */
function readSwitches(map: YAMLMap, at: At): Map<string, Scalar> {
  const types = switchTypes();
  const valid = [...types.keys()];
  const out = new Map<string, Scalar>();
  const visit = (m: YAMLMap, prefix: string): void => {
    for (const [key, v] of entries(m, prefix, null, at)) {
      const field = prefix === "" ? key : `${prefix}.${key}`;
      if (isMap(v.node) && valid.some((s) => s.startsWith(`${field}.`))) {
        visit(v.node, field);
        continue;
      }
      const type = types.get(field);
      if (type === undefined)
        at(
          v.keyNode,
          `sets.${field}`,
          `unknown switch "${field}"`,
          `one of ${valid.join(", ")}${didYouMean(field, valid)}`,
        );
      out.set(field, switchValue(v, field, type!, at));
    }
  };
  visit(map, "");
  return out;
}

function switchValue(v: Val, field: string, type: string, at: At): Scalar {
  const value = isScalar(v.node) ? v.node.value : undefined;
  const where = `sets.${field}`;
  const choices = SWITCH_CHOICES[field];
  if (type === "number" && typeof value === "string" && field.endsWith("_ns")) {
    try {
      return parseTimeout_ns(value);
    } catch (e) {
      if (e instanceof PatchArgError)
        return at(v.node, where, JSON.stringify(value), "a duration such as 0, 50ms, 1s");
      throw e;
    }
  }
  if (type === "number" && (typeof value !== "number" || !Number.isFinite(value) || value < 0))
    return at(
      v.node,
      where,
      describe(v.node),
      field.endsWith("_ns") ? "a duration such as 0, 50ms, 1s" : "a number ≥ 0",
    );
  if (type === "boolean" && typeof value !== "boolean")
    return at(v.node, where, describe(v.node), "true or false");
  if (type === "string" && (typeof value !== "string" || (choices !== undefined && !choices.includes(value))))
    return at(
      v.node,
      where,
      describe(v.node),
      choices === undefined ? "a string" : `one of ${choices.join(", ")}`,
    );
  return value as Scalar;
}

/** Switches that describe decision point (a): setting one replaces an earlier patch's rule. */
const COLLECT_SWITCHES = ["collect_drain_test", "collect_drain_also_if", "collect_extra_refs"];

function applySwitches(c: Cfg, changes: ReadonlyMap<string, Scalar>): Cfg {
  const out: Record<string, unknown> = { ...c };
  if (COLLECT_SWITCHES.some((s) => changes.has(s)) && c.rules?.collectDrain !== undefined) {
    const { collectDrain: _, ...rest } = c.rules;
    out.rules = rest;
  }
  for (const [field, value] of changes) {
    const [outer, inner] = field.split(".") as [string, string | undefined];
    if (inner === undefined) out[outer] = value;
    else out[outer] = { ...(out[outer] as object), [inner]: value };
  }
  return out as unknown as Cfg;
}

function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return "an empty value";
  if (isMap(node)) return "a map";
  if (isScalar(node))
    return node.value === null
      ? "an empty value"
      : typeof node.value === "string"
        ? JSON.stringify(node.value)
        : String(node.value);
  return "a list";
}
