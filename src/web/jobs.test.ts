// What the page computes is what the CLI prints, byte for byte, for the same inputs (the browser
// test checks it through a real page too; this one covers more scenarios quickly).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pinsim } from "../../test/support/cli.ts";
import { builtinSource } from "../scenarios/builtin.ts";
import { compareCommand } from "./cli_command.ts";
import { builtinInput, runCompare, runFailure, runSmallCheck, yamlInput } from "./jobs.ts";
import { lintScenario } from "./scenario_lint.ts";

const dir = mkdtempSync(join(tmpdir(), "pinsim-jobs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the playground's jobs equal the CLI", () => {
  it.each([
    ["pkvm-mlock-onfault", ["v6.15", "v6.17"], 30, 1],
    ["gpu-transient-refs", ["v6.18", "v6.18+hubbard-wait"], 8, 7],
    ["mlock-local-batch", ["v6.11"], 1, 3],
  ] as const)("compare %s on %s: text and --json", async (name, kernels, runs, seed) => {
    const out = runCompare({ input: builtinInput(name, builtinSource(name)), kernels, runs, seed });
    const args = [
      "compare",
      name,
      "--kernels",
      kernels.join(","),
      "--runs",
      String(runs),
      "--seed",
      String(seed),
    ];
    expect(out.text).toBe((await pinsim(args)).out);
    expect(out.json).toBe((await pinsim([...args, "--json"])).out);
  });

  it("a user's YAML, loaded as scenario.yaml, prints what the CLI prints for that file", async () => {
    const text = builtinSource("mlock-remote-batch").replace(/^name: .*$/m, "name: my-test");
    const file = join(dir, "scenario.yaml");
    writeFileSync(file, text);
    const out = runCompare({ input: yamlInput(file, text), kernels: ["v6.15"], runs: 10, seed: 2 });
    expect(out.text).toBe(
      (await pinsim(["compare", file, "--kernels", "v6.15", "--runs", "10", "--seed", "2"])).out,
    );
  });

  it("a failed run's story is `pinsim explain`'s, and its timeline names the folio", async () => {
    const name = "pkvm-mlock-onfault";
    const c = runCompare({
      input: builtinInput(name, builtinSource(name)),
      kernels: ["v6.15"],
      runs: 10,
      seed: 1,
    });
    const f = c.failures[0]!;
    expect(f.explainLine).toBe(`pinsim explain ${name} --kernel v6.15 --seed ${f.seed}`);
    const story = runFailure({
      input: builtinInput(name, builtinSource(name)),
      kernel: "v6.15",
      seed: f.seed,
    });
    expect(story.explain).toBe(
      (await pinsim(["explain", name, "--kernel", "v6.15", "--seed", String(f.seed)])).out,
    );
    expect(story.explain).toContain(`folio ${story.timeline.folio},`);
  });

  it("check finds the pkvm counterexample, with its replay token", () => {
    const name = "pkvm-mlock-onfault";
    let t = 0;
    const r = runSmallCheck(
      { input: builtinInput(name, builtinSource(name)), kernel: "v6.15", folios: 1, maxExecutions: 1000 },
      () => t++,
    );
    expect(r.counterexamples.map((cx) => cx.property)).toEqual(["every-pin-succeeds"]);
    expect(r.text).toContain(`replay: pinsim replay ${r.counterexamples[0]!.token}`);
  });

  it("the copied CLI command writes the YAML and compares it", () => {
    const cmd = compareCommand({
      scenario: { kind: "yaml", text: "a: 1\nEOF\n" },
      kernels: ["v6.15"],
      runs: 5,
      seed: 9,
    });
    expect(cmd).toBe(
      "cat > scenario.yaml <<'EOF2'\na: 1\nEOF\nEOF2\npinsim compare scenario.yaml --kernels v6.15 --seed 9 --runs 5",
    );
    expect(
      compareCommand({
        scenario: { kind: "builtin", name: "cma-pin" },
        kernels: ["v6.15", "v6.17"],
        runs: 1,
        seed: 0,
      }),
    ).toBe("pinsim compare cma-pin --kernels v6.15,v6.17 --seed 0 --runs 1");
  });

  it("the editor's error is the loader's, with line and column", () => {
    const text = builtinSource("cma-pin").replace(/^(\s+cpus:) \d+/m, "$1 many");
    const m = lintScenario(yamlInput("scenario.yaml", text))!;
    const line = text.split("\n").findIndex((l) => l.includes("cpus: many")) + 1;
    expect(m.line).toBe(line);
    expect(m.message).toMatch(
      new RegExp(`^scenario\\.yaml:${line}:\\d+: field machine\\.cpus: found "many"`),
    );
    expect(lintScenario(builtinInput("cma-pin", builtinSource("cma-pin")))).toBeNull();
  });
});
