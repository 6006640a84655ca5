import { describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";
import { builtinSource } from "../../scenarios/builtin.ts";
import { parseScenario } from "../../scenarios/index.ts";

describe("pinsim scenarios", () => {
  it("lists the built-ins and says how to see one", async () => {
    const r = await pinsim(["scenarios"]);
    expect(r.out).toMatch(/^ {2}pkvm-mlock-onfault +pKVM vCPU/m);
    expect(r.out).toContain("pinsim scenarios show NAME");
  });

  it("show NAME prints the built-in's YAML as shipped, comments included, and it parses", async () => {
    const r = await pinsim(["scenarios", "show", "gpu-transient-refs"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(builtinSource("gpu-transient-refs"));
    expect(r.out).toContain("#");
    expect(parseScenario(r.out, "copy.yaml").name).toBe("gpu-transient-refs");
  });

  it("show with a misspelt or missing name is exit 2 with a suggestion", async () => {
    const r = await pinsim(["scenarios", "show", "gpu-transient-ref"]);
    expect([r.code, r.out]).toEqual([2, ""]);
    expect(r.err).toContain('did you mean "gpu-transient-refs"?');
    expect((await pinsim(["scenarios", "show"])).err).toContain("needs a NAME");
    expect((await pinsim(["scenarios", "shwo", "x"])).err).toContain(
      'unknown sub-command "shwo" (did you mean "show"?)',
    );
  });
});
