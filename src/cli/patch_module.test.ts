import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { pinsim } from "../../test/support/cli.ts";
import { exited, MAIN, node24, ROOT } from "../../test/support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "pinsim-module-"));
const DECISIONS = resolve("src/kernel/decisions.ts");
function module(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const patchWith = (name: string, rules: string) =>
  `import type * as D from "${DECISIONS}";\nexport const patch = { name: "${name}", description: "test", stands_for: "none", rules: { ${rules} } };\n`;
const example = resolve("examples/patches/drain-if-batched.ts");

describe("--patch-module", () => {
  it("composes a module's patch by name in run and compare", async () => {
    const r = await pinsim([
      "run",
      "pkvm-mlock-onfault",
      "--kernel",
      "v6.15+drain-if-batched",
      "--seed",
      "4",
      "--patch-module",
      example,
    ]);
    // v6.15 fails at seed 4 (run.test.ts); draining whenever a batch holds the folio does not.
    expect(r.code).toBe(0);
    const c = await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,v6.15+drain-if-batched",
      "--runs",
      "30",
      "--patch-module",
      example,
    ]);
    expect(c.code).toBe(1); // v6.15 fails some pins
    expect(c.out).toContain(
      `--kernels v6.15,v6.15+drain-if-batched --seed 1 --runs 30 --patch-module ${example}`,
    );
    expect(c.out).toMatch(/^pins failed +[1-9]\d* \( +0\.00%\) +0 /m);
  });

  it("its rules decide at the migration wait and at lru_add_drain_all()", async () => {
    const wait = module("wait.ts", patchWith("t-wait-0", "migrateWait: (_v: D.MigrateWaitView) => 0"));
    const base = await pinsim(["run", "cma-pin", "--kernel", "v6.15", "--runs", "3"]);
    const r = await pinsim([
      "run",
      "cma-pin",
      "--kernel",
      "v6.15+t-wait-0",
      "--runs",
      "3",
      "--patch-module",
      wait,
    ]);
    expect(r.code).toBe(0);
    expect(base.out).toMatch(/^static-key toggles +0$/m);
    expect(r.out).toMatch(/^static-key toggles +[1-9]/m);
    const all = module(
      "all.ts",
      patchWith("t-drain-every-cpu", "drainAllCpu: (v: D.DrainAllCpuView) => v.cpu >= 0"),
    );
    const d = await pinsim([
      "run",
      "cma-pin",
      "--kernel",
      "v6.15+t-drain-every-cpu",
      "--runs",
      "3",
      "--patch-module",
      all,
    ]);
    const items = (out: string) => Number(/^drain work items +(\d+)/m.exec(out)![1]);
    expect(items(d.out)).toBeGreaterThan(items(base.out));
  });

  it("a rule cannot write the state it reads: the write throws and the run exits 2", async () => {
    const evil = module(
      "evil.ts",
      patchWith(
        "t-evil",
        "collectDrain: (v: D.CollectDrainView) => { (v.folio as { refcount: number }).refcount = 0; return true; }",
      ),
    );
    const r = await pinsim(["run", "pkvm-mlock-onfault", "--kernel", "v6.15+t-evil", "--patch-module", evil]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/decision rule "t-evil" threw: Cannot set property refcount/);
    const cfg = module(
      "cfg.ts",
      patchWith(
        "t-evil-cfg",
        "collectDrain: (v: D.CollectDrainView) => { (v.config as { batch_size: number }).batch_size = 1; return true; }",
      ),
    );
    const c = await pinsim([
      "run",
      "pkvm-mlock-onfault",
      "--kernel",
      "v6.15+t-evil-cfg",
      "--patch-module",
      cfg,
    ]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/threw: Cannot assign to read only property 'batch_size'/);
  });

  it("explain says a module's rule decided, not the switches", async () => {
    const never = module("never.ts", patchWith("t-never-drain", "collectDrain: () => false"));
    const r = await pinsim([
      "explain",
      "pkvm-mlock-onfault",
      "--kernel",
      "v6.17+t-never-drain",
      "--seed",
      "4",
      "--patch-module",
      never,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('The patch\'s rule "t-never-drain" decided not to drain for this folio.');
    const builtin = await pinsim(["explain", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "4"]);
    expect(builtin.out).not.toContain("The patch's rule");
  });

  it("check's replay line repeats --patch-module, and replay given it reproduces; without it replay says what is missing", async () => {
    const never = module("never-check.ts", patchWith("t-never-drain-check", "collectDrain: () => false"));
    const argv = ["check", "pkvm-mlock-onfault", "--kernel", "v6.17+t-never-drain-check", "--stop-at-first"];
    const c = await pinsim([...argv, "--patch-module", never]);
    expect(c.code).toBe(1); // v6.17 proves it (check.test.ts); never draining does not
    const line = /^replay: pinsim replay --patch-module (\S+) (pc2\S+)$/m.exec(c.out);
    expect(line?.[1]).toBe(never);
    const token = line![2]!;
    const r = await pinsim(["replay", "--patch-module", never, token]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`replay: pinsim replay --patch-module ${never} ${token}`);
    // A fresh process: in this one the module's patch stays registered.
    const bare = await exited(spawn(node24(), [MAIN, "replay", token], { cwd: ROOT }));
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(
      /unknown patch "t-never-drain-check" in "v6\.17\+t-never-drain-check".*or the patch of a --patch-module FILE\.ts given with it/,
    );
  });

  const bad: [string, string, RegExp][] = [
    ["no export", "export const other = 1;\n", /no "patch" export/],
    ["throws on load", 'throw new Error("boom");\n', /failed to load: boom/],
    ["syntax error", "export const patch = {\n", /failed to load/],
    [
      "unknown point",
      patchWith("t-bad-point", "collect: () => true"),
      /patch\.rules\.collect: unknown decision point; expected one of collectDrain, migrateWait, drainAllCpu/,
    ],
    [
      "rule not a function",
      patchWith("t-bad-fn", "collectDrain: true"),
      /patch\.rules\.collectDrain: expected a function/,
    ],
    [
      "a built-in's name",
      patchWith("hubbard-wait", "collectDrain: () => true"),
      /patch "hubbard-wait" already exists/,
    ],
  ];
  for (const [what, text, message] of bad) {
    it(`a module with ${what} exits 2`, async () => {
      const p = module(`${what.replaceAll(" ", "-")}.ts`, text);
      const r = await pinsim(["versions", "show", "v6.15", "--patch-module", p]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
    });
  }
  it("a missing module exits 2", async () => {
    const r = await pinsim(["run", "cma-pin", "--patch-module", join(dir, "none.ts")]);
    expect([r.code, r.err]).toEqual([2, expect.stringMatching(/none\.ts: no such patch module/)]);
  });

  it("a scenario file cannot load code: neither as a kernel component nor as a key", async () => {
    const marker = join(dir, "loaded-marker");
    const mod = module(
      "side-effect.ts",
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "x");\n${patchWith("t-side", "collectDrain: () => true")}`,
    );
    const text = readFileSync(resolve("src/scenarios/builtin/cma-pin.yaml"), "utf8");
    const asKernel = module("k.yaml", text.replace(/^kernel: .*$/m, `kernel: v6.15+${mod}`));
    const r = await pinsim(["run", asKernel]);
    expect(r.code).toBe(2);
    const asKey = module("key.yaml", `${text}patch_module: ${mod}\n`);
    const k = await pinsim(["run", asKey]);
    expect(k.code).toBe(2);
    expect(k.err).toMatch(/unknown key "patch_module"/);
    expect(existsSync(marker)).toBe(false);
  });
});
