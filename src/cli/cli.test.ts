import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pinsim } from "../../test/support/cli.ts";
import { ROOT } from "../../test/support/processes.ts";
import { EXIT_CODES } from "./cli.ts";
import { COMMANDS } from "./registry.ts";

describe("pinsim (no command)", () => {
  it("bare pinsim shows the help and exits 0, like --help", async () => {
    const bare = await pinsim([]);
    expect(bare.code).toBe(0);
    expect(bare.out).toContain("usage: pinsim <command>");
    for (const c of COMMANDS) expect(bare.out).toMatch(new RegExp(`^  ${c.spec.name} `, "m"));
    expect(bare.out).toContain("exit codes:");
    expect((await pinsim(["--help"])).out).toBe(bare.out);
  });

  it("lists the commands in the order a user meets them, each placed (none sorted to the top)", async () => {
    const out = (await pinsim(["--help"])).out;
    const listed = [...out.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
    expect(listed[0]).toBe("scenarios");
    expect(listed.slice(0, COMMANDS.length).sort()).toEqual(COMMANDS.map((c) => c.spec.name).sort());
  });

  it("--version prints the package version", async () => {
    const r = await pinsim(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^pinsim \d+\.\d+\.\d+\n$/);
  });

  it("an unknown command is exit 2 with the closest command suggested", async () => {
    const r = await pinsim(["compair", "x"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "compair" (did you mean "compare"?)');
    expect((await pinsim(["zzzzzzz"])).err).not.toContain("did you mean");
  });

  it("an unknown option suggests the closest option of that command", async () => {
    const r = await pinsim(["run", "pkvm-mlock-onfault", "--kernal", "v6.15"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown option --kernal (did you mean "--kernel"?)');
    expect(r.err).toContain("usage: pinsim run <scenario> [options]");
    const f = await pinsim(["compare", "pkvm-mlock-onfault", "--format", "markdwn"]);
    expect(f.err).toContain('(did you mean "markdown"?)');
  });

  it("unknown kernel and patch names are suggested where they are resolved", async () => {
    const r = await pinsim(["run", "pkvm-mlock-onfault", "--kernel", "v6.15+hugh-refcount-chek"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean "hugh-refcount-check"?');
  });
});

describe("every command's --help", () => {
  for (const c of COMMANDS) {
    it(`${c.spec.name}: value names, an example, the exit codes, lines within 100 columns`, async () => {
      const r = await pinsim([c.spec.name, "--help"]);
      expect(r.code).toBe(0);
      const lines = r.out.split("\n");
      // Example lines are commands to copy and stay whole; everything else wraps.
      const examples = lines.indexOf("examples:");
      const exits = lines.indexOf("exit status:");
      expect(examples).toBeGreaterThan(0);
      expect(exits).toBeGreaterThan(examples);
      lines.forEach((l, i) => {
        if (i <= examples || i >= exits) expect(l.length, l).toBeLessThanOrEqual(100);
      });
      expect(lines[examples + 1]).toMatch(new RegExp(`^  pinsim ${c.spec.name}( |$)`));
      expect(lines.slice(exits + 1).join("\n")).toMatch(/^ {2}0 /m);
      expect(lines.slice(exits + 1).join("\n")).toMatch(/^ {2}2 /m);
      for (const o of c.spec.options) {
        if (o.type === "boolean") continue;
        expect(r.out).toMatch(new RegExp(`--${o.name} [A-Z|a-z,.=0-9]`)); // a value name follows
        expect(r.out).not.toMatch(new RegExp(`--${o.name} S\\b`)); // the old placeholder for any string
      }
    });
  }

  it("says what run and compare's --kernel(s) and --runs take", async () => {
    expect((await pinsim(["run", "--help"])).out).toMatch(/--kernel KERNEL .*\n.*\n?.*--runs N /s);
    expect((await pinsim(["compare", "--help"])).out).toContain("--kernels KERNEL,KERNEL...");
    expect((await pinsim(["run", "--help"])).out).toMatch(/--vary PARAM=a\.\.b:n +sweep one parameter/);
  });
});

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
