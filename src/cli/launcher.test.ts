// bin/pinsim.js as npm link and a global install use it: through a symlink on PATH, started by
// whatever `node` comes first (the system's older one re-execs under the project's Node 24).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

function linked(): string {
  const dir = mkdtempSync(join(tmpdir(), "pinsim-bin-"));
  const link = join(dir, "pinsim");
  symlinkSync(join(root, "bin", "pinsim.js"), link);
  return link;
}

describe("bin/pinsim.js through a symlink", () => {
  it("runs under the project's Node 24", () => {
    const out = execFileSync(join(root, "node_modules", ".bin", "node"), [linked(), "--version"], {
      cwd: tmpdir(),
      encoding: "utf8",
    });
    expect(out).toBe(`pinsim ${version}\n`);
  });

  it.skipIf(!existsSync("/usr/bin/node"))("runs under an older system Node by re-executing", () => {
    const out = execFileSync("/usr/bin/node", [linked(), "scenarios"], { cwd: tmpdir(), encoding: "utf8" });
    expect(out).toContain("pkvm-mlock-onfault");
  });

  it("package.json names it as the pinsim command", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin.pinsim).toBe("bin/pinsim.js");
    expect(readFileSync(join(root, "bin", "pinsim.js"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(
      true,
    );
  });
});
