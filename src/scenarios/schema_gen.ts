// Generates schema/scenario.schema.json from the loader's field tables, so the schema editors
// complete against is the loader's own key set. Run after changing a table:
//   node_modules/.bin/node src/scenarios/schema_gen.ts
// scenarios.schema.test.ts fails while the committed file differs from this output.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ACTOR_KINDS, ACTOR_TABLES } from "./actors.ts";
import { CHECK_TABLE } from "./check_section.ts";
import { costsSchema } from "./costs.ts";
import { type FieldTable, tableSchema } from "./fields.ts";
import { holdDef } from "./hold.ts";
import { DURATION_DEF, type JsonSchema, SIZE_DEF } from "./kinds.ts";
import { MACHINE_TABLE } from "./machine.ts";
import { propertiesSchema } from "./properties.ts";
import { REGION_TABLE } from "./regions.ts";
import { pagesDef } from "./step_kinds.ts";
import { STEP_KINDS, STEP_OPS } from "./steps.ts";
import { HEADER_TABLE, SECTION_DOCS, STOP_TABLE } from "./validate.ts";

export const SCHEMA_PATH = fileURLToPath(new URL("../../schema/scenario.schema.json", import.meta.url));

export function generateScenarioSchema(): JsonSchema {
  const doc = (key: keyof typeof SECTION_DOCS, schema: JsonSchema): JsonSchema => ({
    ...schema,
    description: SECTION_DOCS[key],
  });
  const header = tableSchema(HEADER_TABLE).properties as Record<string, JsonSchema>;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "pinsim scenario",
    description:
      "A pinsim scenario: a machine, memory regions, actors and the properties a run must satisfy.",
    type: "object",
    additionalProperties: false,
    required: ["regions"],
    anyOf: [{ required: ["actors"] }, { required: ["tasks"] }],
    properties: {
      ...header,
      machine: doc("machine", tableSchema(MACHINE_TABLE)),
      regions: doc("regions", { type: "array", items: tableSchema(REGION_TABLE) }),
      actors: doc("actors", { type: "array", minItems: 1, items: { oneOf: actorSchemas() } }),
      tasks: doc("tasks", { type: "array", items: taskSchema() }),
      properties: doc("properties", propertiesSchema()),
      costs: doc("costs", costsSchema()),
      stop: doc("stop", tableSchema(STOP_TABLE)),
      check: doc("check", tableSchema(CHECK_TABLE)),
    },
    $defs: {
      duration: DURATION_DEF,
      size: SIZE_DEF,
      hold: holdDef(),
      pages: pagesDef(),
      program: { type: "array", minItems: 1, items: { oneOf: stepSchemas() } },
    },
  };
}

function taskSchema(): JsonSchema {
  return {
    type: "object",
    additionalProperties: false,
    required: ["name", "cpu", "program"],
    properties: {
      name: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_-]*$", description: "Task name (no dots)." },
      cpu: { type: "integer", minimum: 0, description: "The CPU the task starts on." },
      program: { $ref: "#/$defs/program" },
    },
  };
}

/** Each step: a map with its one op key (an args map, or the short scalar form) and a label. */
function stepSchemas(): JsonSchema[] {
  return STEP_OPS.map((op) => {
    const kind = STEP_KINDS[op];
    const table = kind.table as FieldTable<Record<string, unknown>, never>;
    const args = op === "wait_for" ? { type: "string", pattern: "^[^.]+\\..+$" } : tableSchema(table);
    const forms: JsonSchema[] = [args];
    if (kind.short !== undefined)
      forms.push((table[kind.short] as { kind: { schema(): JsonSchema } }).kind.schema());
    if (Object.keys(table).length === 0 || !("required" in args)) forms.push({ type: "null" });
    return {
      type: "object",
      additionalProperties: false,
      required: [op],
      description: kind.doc,
      properties: { [op]: forms.length === 1 ? forms[0]! : { anyOf: forms }, label: { type: "string" } },
    };
  });
}

function actorSchemas(): JsonSchema[] {
  return ACTOR_KINDS.map((kind) => {
    const table = ACTOR_TABLES[kind] as FieldTable<Record<string, unknown>, never>;
    return tableSchema(table, { kind: { const: kind, description: `A ${kind} actor.` } });
  });
}

/** The file's exact text: stable key order, two-space indent, trailing newline. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(generateScenarioSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(SCHEMA_PATH, scenarioSchemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
