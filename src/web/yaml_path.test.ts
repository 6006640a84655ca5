import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type JsonSchema, keySuggestions, valueSuggestions } from "./schema_complete.ts";
import { cursorPlace } from "./yaml_path.ts";

const SCHEMA = JSON.parse(
  readFileSync(new URL("../../schema/scenario.schema.json", import.meta.url), "utf8"),
) as JsonSchema;

/** The place at the "|" in `text`. */
function at(text: string) {
  const i = text.indexOf("|");
  return cursorPlace(text.slice(0, i) + text.slice(i + 1), i);
}

describe("cursorPlace", () => {
  it("finds the keys enclosing the cursor, through list items", () => {
    expect(at("mach|")).toEqual({ path: [], kind: "key", from: 0 });
    expect(at("machine:\n  cp|")).toEqual({ path: ["machine"], kind: "key", from: 11 });
    const regions = "regions:\n  - name: guest\n    kind: memfd\n    ";
    expect(at(`${regions}|`)?.path).toEqual(["regions", "[]"]);
    expect(at(`${regions}mlock: |`)).toMatchObject({ path: ["regions", "[]"], kind: "value", key: "mlock" });
    expect(at("regions:\n- name: a\n- |")?.path).toEqual(["regions", "[]"]);
    expect(at("actors:\n  - kind: vmm\n    hold:\n      me|")?.path).toEqual(["actors", "[]", "hold"]);
    expect(at("machine:\n  cpus: 4\n# a comment\n\nreg|")?.path).toEqual([]);
  });
});

describe("completion from the JSON Schema", () => {
  it("offers the keys of the map at the cursor, with their descriptions", () => {
    const top = keySuggestions(SCHEMA, []).map((s) => s.label);
    expect(top).toEqual(
      expect.arrayContaining(["name", "machine", "regions", "actors", "tasks", "properties"]),
    );
    const machine = keySuggestions(SCHEMA, ["machine"]);
    expect(machine.find((s) => s.label === "cpus")).toMatchObject({
      apply: "cpus: ",
      info: "Number of CPUs. Default: 4.",
    });
    expect(keySuggestions(SCHEMA, ["regions", "[]"]).map((s) => s.label)).toEqual(
      expect.arrayContaining(["name", "kind", "size", "mlock"]),
    );
  });

  it("offers the values a key takes when the schema lists them", () => {
    const kinds = valueSuggestions(SCHEMA, ["regions", "[]"], "kind").map((s) => s.label);
    expect(kinds).toContain("memfd");
    expect(valueSuggestions(SCHEMA, [], "nope")).toEqual([]);
  });
});
