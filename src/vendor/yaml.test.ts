import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as pkg from "yaml";
import * as vendored from "./yaml.js";

const installed = JSON.parse(
  readFileSync(new URL("../../node_modules/yaml/package.json", import.meta.url), "utf8"),
);

/** What pinsim reads from a parsed document: values, errors and where they are. */
function reading(y: typeof vendored, text: string) {
  const lines = new y.LineCounter();
  const doc = y.parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  return {
    value: doc.toJSON(),
    errors: doc.errors.map((e) => [e.code, lines.linePos(e.pos[0])]),
    warnings: doc.warnings.map((w) => w.code),
    isMap: y.isMap(doc.contents),
  };
}

describe("src/vendor/yaml.js", () => {
  it("is the installed yaml version (re-run scripts/vendor-yaml.ts after upgrading yaml)", () => {
    const header = readFileSync(new URL("./yaml.js", import.meta.url), "utf8").split("\n", 1)[0];
    expect(header).toBe(
      `// yaml ${installed.version} (https://github.com/eemeli/yaml), bundled into one module by`,
    );
  });

  it("reads documents as the package does: values, anchors, errors and their positions", () => {
    const texts = [
      "name: a\nmachine: {cpus: 2}\nactors:\n  - {kind: vcpu, cpu: 0}\n  - &x {kind: gpu}\n  - *x\n",
      "a: 1\na: 2\nb: [1, 2\n",
      "key: 'unterminated\nother: \t- x\n",
      "%YAML 1.2\n---\n? [complex]\n: value\n...\n",
    ];
    for (const t of texts) expect(reading(vendored, t)).toEqual(reading(pkg, t));
  });
});
