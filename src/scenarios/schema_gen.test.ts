import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ACTOR_KINDS, actorYamlKeys } from "./actors.ts";
import { builtinNames, builtinPath } from "./builtin.ts";
import { yamlKeys } from "./fields.ts";
import type { JsonSchema } from "./kinds.ts";
import { MACHINE_TABLE } from "./machine.ts";
import { parseScenario } from "./parse.ts";
import { REGION_TABLE } from "./regions.ts";
import { generateScenarioSchema, SCHEMA_PATH, scenarioSchemaText } from "./schema_gen.ts";
import { ROOT_KEYS } from "./validate.ts";

type Obj = Record<string, unknown>;
const schema = generateScenarioSchema() as Obj;
const props = (s: unknown): Obj => (s as { properties: Obj }).properties;
const actorSchema = (kind: string): Obj =>
  (props(schema).actors as { items: { oneOf: Obj[] } }).items.oneOf.find(
    (s) => (props(s).kind as Obj).const === kind,
  )!;

describe("schema/scenario.schema.json", () => {
  it("is exactly what schema_gen.ts generates (run it after changing a field table)", () => {
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(scenarioSchemaText());
  });

  it("declares the loader's key set for the root, machine, regions and every actor kind", () => {
    expect(Object.keys(props(schema))).toEqual(ROOT_KEYS);
    expect(Object.keys(props(props(schema).machine))).toEqual(yamlKeys(MACHINE_TABLE));
    expect(Object.keys(props((props(schema).regions as { items: unknown }).items))).toEqual(
      yamlKeys(REGION_TABLE),
    );
    for (const kind of ACTOR_KINDS) {
      expect(Object.keys(props(actorSchema(kind)))).toEqual(actorYamlKeys(kind));
    }
  });

  it.each(builtinNames())("built-in %s validates against the schema", (name) => {
    const doc = parseYaml(readFileSync(builtinPath(name), "utf8"));
    expect(check(schema, doc)).toEqual([]);
  });

  it("the schema checker used here does catch unknown keys and bad values", () => {
    const doc = parseYaml(readFileSync(builtinPath("thp-pin"), "utf8"));
    doc.actors[0].hodl = 1;
    doc.machine.cpus = 0;
    doc.regions[0].size = "4MB";
    expect(check(schema, doc)).toEqual([
      "/machine/cpus: below minimum 1",
      "/regions/0/size: no anyOf branch matched",
      "/actors/0: 0 oneOf branches matched",
    ]);
  });

  it.each(ACTOR_KINDS)("the schema's defaults for %s load to the same actor as leaving them out", (kind) => {
    const base = "regions: [{name: r, kind: anon, size: 64KiB}]\nactors:\n";
    const bare = parseScenario(`${base}  - {kind: ${kind}, cpu: 0, region: r}\n`, "a.yaml").actors[0];
    const defaults = Object.entries(props(actorSchema(kind))).filter(([, s]) => "default" in (s as Obj));
    expect(defaults.length).toBeGreaterThan(0);
    const explicit = {
      kind,
      cpu: 0,
      region: "r",
      ...Object.fromEntries(defaults.map(([k, s]) => [k, (s as Obj).default])),
    };
    expect(parseScenario(`${base}  - ${JSON.stringify(explicit)}\n`, "b.yaml").actors[0]).toEqual(bare);
  });

  it("the machine defaults in the schema load to the default machine", () => {
    const machine = Object.fromEntries(
      Object.entries(props(props(schema).machine)).map(([k, s]) => [k, (s as Obj).default]),
    );
    const text = `machine: ${JSON.stringify(machine)}\nregions: [{name: r, kind: anon, size: 4KiB}]\nactors: [{kind: vmm, cpu: 0, region: r}]\n`;
    const bare = "regions: [{name: r, kind: anon, size: 4KiB}]\nactors: [{kind: vmm, cpu: 0, region: r}]\n";
    expect(parseScenario(text, "m.yaml").machine).toEqual(parseScenario(bare, "n.yaml").machine);
  });
});

/**
 * The subset of JSON Schema 2020-12 that schema_gen emits, enough to check files the way an
 * editor would. Returns one message per violation, with a JSON-pointer-like path.
 */
function check(s: JsonSchema, v: unknown, path = ""): string[] {
  const ref = s.$ref as string | undefined;
  const here = ref === undefined ? [] : check(resolve(ref), v, path);
  return [...here, ...checkType(s, v, path), ...checkCombinators(s, v, path)];
}

function resolve(ref: string): JsonSchema {
  return (schema.$defs as Record<string, JsonSchema>)[ref.replace("#/$defs/", "")]!;
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (Number.isInteger(v)) return "integer";
  return typeof v;
}

function checkType(s: JsonSchema, v: unknown, path: string): string[] {
  const errs: string[] = [];
  const t = typeOf(v);
  if ("const" in s && v !== s.const) errs.push(`${path}: not ${JSON.stringify(s.const)}`);
  if (s.enum !== undefined && !(s.enum as unknown[]).includes(v)) errs.push(`${path}: not in enum`);
  if (s.type !== undefined && s.type !== t && !(s.type === "number" && t === "integer")) {
    return [...errs, `${path}: ${t} is not ${s.type as string}`];
  }
  if (typeof s.minimum === "number" && (v as number) < s.minimum)
    errs.push(`${path}: below minimum ${s.minimum}`);
  if (typeof s.maximum === "number" && (v as number) > s.maximum)
    errs.push(`${path}: above maximum ${s.maximum}`);
  if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v as string))
    errs.push(`${path}: pattern`);
  if (t === "object" && s.type === "object") errs.push(...checkObject(s, v as Obj, path));
  if (t === "array" && s.items !== undefined) {
    for (const [i, item] of (v as unknown[]).entries())
      errs.push(...check(s.items as JsonSchema, item, `${path}/${i}`));
    if (typeof s.minItems === "number" && (v as unknown[]).length < s.minItems)
      errs.push(`${path}: too few items`);
  }
  return errs;
}

function checkObject(s: JsonSchema, v: Obj, path: string): string[] {
  const errs: string[] = [];
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  for (const r of (s.required ?? []) as string[]) if (!(r in v)) errs.push(`${path}: missing ${r}`);
  for (const [k, item] of Object.entries(v)) {
    const name = (s.propertyNames as JsonSchema | undefined)?.pattern as string | undefined;
    if (name !== undefined && !new RegExp(name).test(k)) errs.push(`${path}/${k}: bad property name`);
    if (k in properties) errs.push(...check(properties[k]!, item, `${path}/${k}`));
    else if (s.additionalProperties === false) errs.push(`${path}/${k}: not allowed`);
    else if (typeof s.additionalProperties === "object") {
      errs.push(...check(s.additionalProperties as JsonSchema, item, `${path}/${k}`));
    }
  }
  const n = Object.keys(v).length;
  if (typeof s.maxProperties === "number" && n > s.maxProperties) errs.push(`${path}: too many properties`);
  if (typeof s.minProperties === "number" && n < s.minProperties) errs.push(`${path}: too few properties`);
  return errs;
}

function checkCombinators(s: JsonSchema, v: unknown, path: string): string[] {
  if (s.anyOf !== undefined) {
    const ok = (s.anyOf as JsonSchema[]).some((b) => check(b, v, path).length === 0);
    return ok ? [] : [`${path}: no anyOf branch matched`];
  }
  if (s.oneOf !== undefined) {
    const n = (s.oneOf as JsonSchema[]).filter((b) => check(b, v, path).length === 0).length;
    return n === 1 ? [] : [`${path}: ${n} oneOf branches matched`];
  }
  return [];
}
