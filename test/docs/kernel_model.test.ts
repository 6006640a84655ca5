// docs/kernel-model.md is what `pinsim versions`, the docs and the code comments cite by section:
// every cited section must exist, every cited commit must be in its timeline, and nothing may
// cite the internal reference document users do not have.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMITS } from "../../src/versions/commits.ts";
import { listVersions } from "../../src/versions/list.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const model = readFileSync(join(root, "docs/kernel-model.md"), "utf8");

/** "1.4", "3.4.1", "12" from the model's headings, and "12.3" for item 3 of §12's list. */
function sections(): Set<string> {
  const out = new Set<string>();
  for (const m of model.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)) out.add(m[1]!);
  const open = model.slice(model.indexOf("## 12."));
  for (const m of open.matchAll(/^(\d+)\. /gm)) out.add(`12.${m[1]}`);
  return out;
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => ext.test(f) && !f.endsWith(".test.ts"))
    .map((f) => join(root, dir, f));
}

const SOURCES = [
  ...files("src", /\.ts$/),
  ...files("test", /\.ts$/),
  ...files("docs", /\.md$/),
  join(root, "README.md"),
];

describe("docs/kernel-model.md", () => {
  const have = sections();

  it("has every section pinsim versions cites", () => {
    for (const v of listVersions())
      for (const s of v.model) expect(have, `${v.name} cites §${s}`).toContain(s);
  });

  it("has every section the code and the docs cite with §", () => {
    for (const file of SOURCES) {
      for (const m of readFileSync(file, "utf8").matchAll(/§(\d+(?:\.\d+)*)/g)) {
        expect(have, `${file.slice(root.length)} cites §${m[1]}`).toContain(m[1]);
      }
    }
  });

  it("names every commit pinsim cites, in its timeline", () => {
    const timeline = model.slice(model.indexOf("## 8."), model.indexOf("## 9."));
    for (const c of Object.values(COMMITS)) {
      if ("commit" in c) expect(timeline + model, c.commit).toContain(`${c.commit} ${c.subject}`);
    }
  });

  it("nothing cites the internal kernel-reference document", () => {
    for (const file of SOURCES) expect(readFileSync(file, "utf8"), file).not.toMatch(/kernel-reference/);
  });
});
