// docs/scenarios.md pastes real output: its example must still parse and its compare and explain
// blocks must still be what pinsim prints for it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenarios/index.ts";
import { pinsim } from "../support/cli.ts";

const doc = readFileSync(fileURLToPath(new URL("../../docs/scenarios.md", import.meta.url)), "utf8");
const yaml = /```yaml\n(name: activate-cma\n[\s\S]*?)```/.exec(doc)![1]!;

/** The output block under "$ <command>" in the guide. */
function block(command: string): string {
  const start = doc.indexOf(`$ ${command}\n`);
  expect(start).toBeGreaterThan(0);
  const body = doc.slice(start + command.length + 3);
  return body.slice(0, body.indexOf("```"));
}

function exampleFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "pinsim-guide-")), "activate-cma.yaml");
  writeFileSync(file, yaml);
  return file;
}

describe("docs/scenarios.md", () => {
  it("its worked example parses", () => {
    expect(parseScenario(yaml, "activate-cma.yaml").actors.map((a) => a.kind)).toEqual([
      "vmm",
      "lru-traffic",
      "io_uring",
    ]);
  });

  it("pastes what compare and explain print for it", async () => {
    const file = exampleFile();
    const run = async (argv: string[]) => (await pinsim(argv)).out.replaceAll(file, "activate-cma.yaml");
    const cmp = "pinsim compare activate-cma.yaml --kernels v6.9,v6.11,v6.17 --runs 200";
    expect(await run(["compare", file, "--kernels", "v6.9,v6.11,v6.17", "--runs", "200", "--quiet"])).toBe(
      block(cmp),
    );
    const explain = "pinsim explain activate-cma.yaml --kernel v6.17 --seed 1";
    expect(await run(["explain", file, "--kernel", "v6.17", "--seed", "1"])).toBe(block(explain));
  });
});
