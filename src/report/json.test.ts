import { describe, expect, it } from "vitest";
import { pinsim } from "../../test/support/cli.ts";
import { jsonDocument, SCHEMA_VERSION, snakeCase, snakeKeys } from "./json.ts";

describe("snakeKeys", () => {
  it("turns camelCase keys into snake_case at every depth, leaving values alone", () => {
    expect(snakeCase("firstViolation_s")).toBe("first_violation_s");
    expect(snakeCase("maxPreemptions")).toBe("max_preemptions");
    expect(snakeCase("p99")).toBe("p99");
    expect(snakeKeys({ stoppedBy: "exhausted", list: [{ boundDropped: 1, note: "keepMe" }] })).toEqual({
      stopped_by: "exhausted",
      list: [{ bound_dropped: 1, note: "keepMe" }],
    });
    expect(snakeKeys({ h: { toJSON: () => ({ subBuckets: 64 }) } })).toEqual({ h: { sub_buckets: 64 } });
  });

  it("puts the pinsim and schema versions first", () => {
    const doc = JSON.parse(jsonDocument({ a: 1 }));
    expect(Object.keys(doc)).toEqual(["pinsim_version", "schema_version", "a"]);
    expect(doc.schema_version).toBe(SCHEMA_VERSION);
  });
});

/** Every key of a JSON value, at every depth. */
function keys(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(keys);
  if (v === null || typeof v !== "object") return [];
  return Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]);
}

describe("every command's JSON", () => {
  const TOKEN =
    "pc2eyJ2IjoyLCJtIjoicGt2bS1tbG9jay1vbmZhdWx0IiwiaCI6IjM2MzQxYjcwIiwiayI6InY2LjE1IiwiYyI6MiwiZiI6MSwiciI6MSwidCI6ImkiLCJwIjoiZXZlcnktcGluLXN1Y2NlZWRzIiwicyI6IkNBZ0lDQWcifQ.97c27f33";
  const commands = [
    ["scenarios", "--json"],
    ["scenarios", "show", "thp-pin", "--json"],
    ["versions", "--json"],
    ["versions", "show", "v6.17", "--json"],
    ["run", "pkvm-mlock-onfault", "--kernel", "v6.15", "--json"],
    ["compare", "pkvm-mlock-onfault", "--kernels", "v6.15,v6.17", "--runs", "3", "--format", "json"],
    ["run", "gpu-transient-refs", "--vary", "gpu.hold=1us,1ms", "--runs", "2", "--json"],
    ["explain", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "4", "--json"],
    ["check", "pkvm-mlock-onfault", "--kernel", "v6.15", "--folios", "1", "--json"],
    [
      "check",
      "pkvm-mlock-onfault",
      "--kernel",
      "v6.15",
      "--folios",
      "1",
      "--estimate",
      "--json",
      "--max-seconds",
      "0.2",
    ],
    ["replay", TOKEN, "--json"],
  ];
  for (const argv of commands) {
    it(`${argv.slice(0, 2).join(" ")}: snake_case keys, pinsim_version and schema_version`, async () => {
      const r = await pinsim(argv);
      const doc = JSON.parse(r.out);
      expect(Object.keys(doc).slice(0, 2)).toEqual(["pinsim_version", "schema_version"]);
      const bad = keys(doc).filter((k) => /[A-Z]/.test(k));
      expect(bad).toEqual([]);
    });
  }
});
