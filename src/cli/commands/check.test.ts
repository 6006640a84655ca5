import { describe, expect, it } from "vitest";
import { scenarioDigest } from "../../check/target.ts";
import { encodeReplayToken } from "../../check/token.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { main } from "../cli.ts";
import type { Io } from "../command.ts";

function io(): Io & { text: () => string; errText: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    errIsTty: false,
    text: () => out,
    errText: () => err,
  };
}

describe("pinsim check and replay exit codes", () => {
  it("exits 1 with a verdict, a counterexample and a replay line when a property fails", async () => {
    const o = io();
    expect(await main(["check", "pkvm-mlock-onfault", "--kernel", "v6.15"], o)).toBe(1);
    expect(o.text()).toMatch(/violated\s+property\s+description/);
    expect(o.text()).toMatch(/Always\s+every-pin-succeeds/);
    expect(o.text()).toContain("violated: every-pin-succeeds (exit 1)");
    expect(o.text()).toMatch(/Never\s+reference-ledger/);
    expect(o.text()).toContain("counterexample: every-pin-succeeds");
    expect(o.text()).toMatch(/replay: pinsim replay pc2\S+/);
  });

  it("exits 0 when every property holds", async () => {
    const o = io();
    expect(await main(["check", "pkvm-mlock-onfault", "--kernel", "v6.17", "--strategy", "dfs"], o)).toBe(0);
    expect(o.text()).toContain("every interleaving of this small configuration was explored (exit 0)");
    expect(o.text()).not.toContain("Sometimes");
  });

  it("exits 3 when nothing was found but the exploration was bounded: not a proof", async () => {
    for (const extra of [
      ["--max-preemptions", "0"],
      ["--strategy", "random", "--max-executions", "5"],
    ]) {
      const o = io();
      const argv = [
        "check",
        "pkvm-mlock-onfault",
        "--kernel",
        "v6.17",
        "--timers",
        "sleeps-any-time",
        ...extra,
      ];
      expect(await main(argv, o), extra.join(" ")).toBe(3);
      expect(o.text()).toContain("no violation found; incomplete:");
      expect(o.text()).toContain("not a proof (exit 3)");
    }
  });

  it("checks a user's scenario file, program tasks and all", async () => {
    const o = io();
    const file = new URL("../../scenarios/builtin/mlock-remote-batch.yaml", import.meta.url).pathname;
    expect(await main(["check", file, "--kernel", "v6.15"], o)).toBe(1);
    expect(o.text()).toContain("check mlock-remote-batch on v6.15");
    const token = /replay: pinsim replay (pc2\S+)/.exec(o.text())![1]!;
    const r = io();
    expect(await main(["replay", token], r)).toBe(1);
  });

  it("replays the printed token: exit 1 again, same counterexample", async () => {
    const o = io();
    await main(["check", "gpu-transient-refs", "--kernel", "v6.18", "--json"], o);
    const result = JSON.parse(o.text()) as { counterexamples: { token: string; steps: unknown[] }[] };
    const token = result.counterexamples[0]!.token;
    const r = io();
    expect(await main(["replay", token, "--json"], r)).toBe(1);
    const again = JSON.parse(r.text()) as { reproduced: boolean; steps: unknown[] };
    expect(again.reproduced).toBe(true);
    expect(again.steps).toEqual(result.counterexamples[0]!.steps);
  });

  it("checks --max-global-drains-per-pin, and its token replays the violation", async () => {
    const o = io();
    expect(
      await main(
        ["check", "pkvm-mlock-onfault", "--kernel", "v6.17", "--max-global-drains-per-pin", "0", "--json"],
        o,
      ),
    ).toBe(1);
    const result = JSON.parse(o.text()) as {
      properties: { id: string; verdict: string }[];
      counterexamples: { token: string }[];
    };
    expect(result.properties.find((p) => p.id === "max-global-drains-per-pin=0")!.verdict).toBe("Always");
    const r = io();
    expect(await main(["replay", result.counterexamples[0]!.token], r)).toBe(1);
    expect(r.text()).toContain("lru_add_drain_all() 1 times");
  });

  it("exits 2 on bad input", async () => {
    const cases = [
      ["check", "no-such-scenario"],
      ["check", "pkvm-mlock-onfault", "--kernel", "v9.99"],
      ["check", "pkvm-mlock-onfault", "--strategy", "bfs"],
      ["check", "pkvm-mlock-onfault", "--cpus", "99"],
      ["check", "pkvm-mlock-onfault", "--folios", "0"],
      ["check", "pkvm-mlock-onfault", "--strategy", "pct", "--depth", "9007199254740991"],
      ["check", "pkvm-mlock-onfault", "--bogus"],
      ["check"],
      ["replay", "not-a-token"],
      ["replay", "pc1AAAA"],
      ["replay", "pc1bnVsbA"], // JSON null
    ];
    for (const argv of cases) {
      const o = io();
      expect(await main(argv, o), argv.join(" ")).toBe(2);
      expect(o.errText().length).toBeGreaterThan(0);
    }
  });

  it("refuses a token naming a property the scenario does not check, instead of a fake counterexample", async () => {
    const scenario = "gpu-transient-refs";
    const token = encodeReplayToken({
      scenario,
      digest: scenarioDigest(loadScenario(scenario)),
      kernel: "v6.18",
      cpus: 2,
      folios: 2,
      repeats: 1,
      timers: "idle",
      property: "made-up",
      decisions: [],
    });
    const o = io();
    expect(await main(["replay", token], o)).toBe(2);
    expect(o.errText()).toContain('names property "made-up", which the scenario does not check');
  });

  it("--estimate predicts without exploring and exits 0", async () => {
    const o = io();
    expect(
      await main(
        [
          "check",
          "pkvm-mlock-onfault",
          "--kernel",
          "v6.15",
          "--folios",
          "2",
          "--estimate",
          "--max-seconds",
          "0.2",
          "--json",
        ],
        o,
      ),
    ).toBe(0);
    const e = JSON.parse(o.text()) as { executions: number; predicted_s: number };
    expect(e.executions).toBeGreaterThan(1);
    expect(e.predicted_s).toBeGreaterThan(0);
  });
});
