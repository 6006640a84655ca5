import { describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";

async function tokenOf(scenario: string, kernel: string): Promise<string> {
  const r = await pinsim(["check", scenario, "--kernel", kernel, "--stop-at-first"]);
  expect(r.code).toBe(1);
  return /replay: pinsim replay (pc2\S+)/.exec(r.out)![1]!;
}

describe("pinsim explain --replay TOKEN", () => {
  it("tells the story of a check counterexample: the failed pin, its folio and the batch holding it", async () => {
    const token = await tokenOf("mlock-remote-batch", "v6.15");
    const r = await pinsim(["explain", "--replay", token]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^mlock-remote-batch on v6\.15, the every-pin-succeeds counterexample replayed/);
    expect(r.out).toMatch(/vcpu \(CPU 0\), pin call 0: .* returned -ENOMEM/s);
    expect(r.out).toMatch(/The extra reference is held by the mlock batch of CPU 1,\s+queued\s+by\s+vmm's/);
    const json = JSON.parse((await pinsim(["explain", "--replay", token, "--json"])).out);
    expect(json.replay.property).toBe("every-pin-succeeds");
    expect(json.primary.folio.diagnosis.refs[0].kind).toBe("batch");
  });

  it("names the activate batch of the reader on v6.1", async () => {
    const r = await pinsim(["explain", "--replay", await tokenOf("reader-activate-batch", "v6.1")]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /held by the lru_activate batch of CPU 1,\s+queued\s+by\s+reader's\s+folio_activate/,
    );
  });

  it("refuses a damaged token, a scenario or a --kernel beside it (exit 2)", async () => {
    const token = await tokenOf("mlock-remote-batch", "v6.15");
    const damaged = `${token.slice(0, -1)}${token.endsWith("0") ? "1" : "0"}`;
    for (const argv of [
      ["explain", "--replay", damaged],
      ["explain", "--replay", token, "--kernel", "v6.17"],
      ["explain", "mlock-remote-batch", "--replay", token],
      ["explain"],
    ]) {
      const r = await pinsim(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.out).toBe("");
    }
  });
});
