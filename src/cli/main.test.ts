import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pinsim } from "../../test/support/cli.ts";
import { ROOT } from "../../test/support/processes.ts";
import { EXIT_CODES } from "./main.ts";

describe("exit codes are documented", () => {
  const codes = EXIT_CODES.map(([code]) => code).filter((c) => c !== "");

  it("pinsim --help lists every exit code", async () => {
    const r = await pinsim(["--help"]);
    expect(r.code).toBe(0);
    const section = r.out.slice(r.out.indexOf("exit codes:"));
    for (const code of codes) expect(section).toMatch(new RegExp(`^  ${code.replace("+", "\\+")} `, "m"));
  });

  it("the README's Exit codes table has the same codes", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Exit codes"));
    const rows = [...section.matchAll(/^\| ([0-9+n]+) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(codes);
  });

  it("clips an unknown command it echoes", async () => {
    const r = await pinsim(["x".repeat(50_000)]);
    expect(r.code).toBe(2);
    expect(r.err.length).toBeLessThan(300);
  });
});
