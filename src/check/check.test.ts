import { describe, expect, it } from "vitest";
import { finalStates } from "../../test/support/final_states.ts";
import { resolveCheckTarget } from "../cli/check_target.ts";
import { explore } from "../engine/explore/explore.ts";
import { type CheckRequest, runCheck } from "./check.ts";
import { CheckSubject } from "./execution.ts";
import { MAX_EVENTS } from "./replay.ts";
import type { SmallSize } from "./small_config.ts";

function check(scenario: string, kernel: string, extra: Partial<CheckRequest & SmallSize> = {}) {
  const { cpus, folios, repeats, ...rest } = extra;
  return runCheck({
    target: resolveCheckTarget(scenario, kernel, { cpus, folios, repeats }),
    strategy: "dpor",
    maxPreemptions: Number.POSITIVE_INFINITY,
    maxExecutions: 200_000,
    seed: 1,
    pctDepth: 3,
    timers: "idle",
    ...rest,
  });
}

function verdict(r: ReturnType<typeof check>, id: string): string {
  return r.properties.find((p) => p.id === id)!.verdict;
}

describe("pinsim check on the pkvm-mlock-onfault scenario's small configuration", () => {
  for (const strategy of ["dfs", "dpor", "pct", "random"] as const) {
    it(`${strategy} finds the -ENOMEM on v6.15`, () => {
      const r = check("pkvm-mlock-onfault", "v6.15", {
        strategy,
        timers: "sleeps-any-time",
        maxExecutions: strategy === "dpor" || strategy === "dfs" ? 200_000 : 300,
      });
      expect(r.violated).toBe(true);
      expect(r.counterexamples[0]!.property).toBe("every-pin-succeeds");
      expect(r.counterexamples[0]!.message).toContain("-ENOMEM");
    });
  }

  it("proves v6.17 and v6.15+hugh-refcount-check clean, exhaustively", () => {
    for (const kernel of ["v6.17", "v6.15+hugh-refcount-check"]) {
      const r = check("pkvm-mlock-onfault", kernel, { folios: 2, timers: "sleeps-any-time" });
      expect(r.stats.complete).toBe(true);
      expect(r.violated).toBe(false);
      expect(r.properties.every((p) => p.verdict === "Never")).toBe(true);
    }
  });

  it("finds v6.15+hugh-mlocked-not-unevictable failing, Sometimes when sleeps may end at any time", () => {
    const r = check("pkvm-mlock-onfault", "v6.15+hugh-mlocked-not-unevictable", {
      timers: "sleeps-any-time",
    });
    expect(verdict(r, "every-pin-succeeds")).toBe("Sometimes");
    expect(verdict(r, "reference-ledger")).toBe("Never");
    // With timers that fire only when idle, the vCPU pins after crosvm is done: always the bad state.
    expect(verdict(check("pkvm-mlock-onfault", "v6.15"), "every-pin-succeeds")).toBe("Always");
  });

  it("shrinks to no more steps or preemptions than the first violation found", () => {
    const r = check("pkvm-mlock-onfault", "v6.15", { folios: 2, timers: "sleeps-any-time" });
    const cx = r.counterexamples[0]!;
    expect(cx.steps.length).toBeLessThanOrEqual(cx.original.steps);
    expect(cx.preemptions).toBeLessThanOrEqual(cx.original.preemptions);
    expect(cx.steps.at(-1)!.notes.join(" ")).toContain("-ENOMEM");
  });
});

describe("pinsim check on the gpu-transient-refs scenario's small configuration", () => {
  it("fails on v6.18 and is clean with John Hubbard's wait (timers fire when idle)", () => {
    expect(verdict(check("gpu-transient-refs", "v6.18"), "every-pin-succeeds")).toBe("Always");
    const rfc = check("gpu-transient-refs", "v6.18+hubbard-wait", { folios: 2 });
    expect(rfc.stats.complete).toBe(true);
    expect(rfc.violated).toBe(false);
  });

  it("waits that all time out before the GPU's 200 us hold ends fail; ten 100 us waits outlast it", () => {
    expect(check("gpu-transient-refs", "v6.18+hubbard-wait=10us").violated).toBe(true);
    expect(check("gpu-transient-refs", "v6.18+hubbard-wait=100us").violated).toBe(false);
  });
});

describe("the built-in program scenarios' verdicts", () => {
  it.each([
    ["mlock-remote-batch", "v6.15", true],
    ["mlock-local-batch", "v6.15", false],
    ["mlock-local-batch", "v6.1", false],
    ["mlock-local-batch", "v5.18", false],
    ["mlock-remote-batch", "v6.15+hugh-refcount-check", false],
    ["mlock-remote-batch", "v6.17", false],
    ["mlock-remote-batch", "v6.18", false],
    ["mlock-remote-batch", "v6.18+hubbard-wait", false],
    ["reader-activate-batch", "v6.1", true],
    ["reader-activate-batch", "v6.15", false],
    ["reader-activate-batch", "v6.17", false],
    ["madv-cold-deactivate-batch", "v6.1", true],
    ["madv-cold-deactivate-batch", "v6.15+hugh-refcount-check", false],
    ["vmsplice-held-page", "v6.17", true],
    ["vmsplice-held-page", "v6.18+hubbard-wait", false],
  ])("%s on %s: violated %s", (scenario, kernel, violated) => {
    const r = check(scenario, kernel);
    expect(r.stats.complete).toBe(true);
    expect(r.violated).toBe(violated);
  });
});

describe("DPOR against DFS on scenarios", () => {
  it("reaches exactly the final states plain DFS reaches (kernel, engine and pin results)", () => {
    const configs = [
      ["pkvm-mlock-onfault", "v6.15", "idle"],
      ["mlock-remote-batch", "v6.17", "idle"],
      ["reader-activate-batch", "v6.1", "idle"],
      ["gpu-transient-refs", "v6.18+hubbard-wait", "idle"],
    ] as const;
    for (const [model, kernel, timers] of configs) {
      const target = resolveCheckTarget(model, kernel, { folios: 1 });
      const finals = (strategy: "dfs" | "dpor") => {
        const r = finalStates(target, strategy, timers, 50_000);
        expect(r.complete).toBe(true);
        return r;
      };
      const dfs = finals("dfs");
      const dpor = finals("dpor");
      expect([...dpor.seen].sort(), `${model} ${kernel}`).toEqual([...dfs.seen].sort());
      expect(dpor.executions).toBeLessThanOrEqual(dfs.executions);
    }
  });

  it("with the reads cache (stateful DPOR), reaches the final states DFS reaches on the scenarios", () => {
    const configs = [
      ["pkvm-mlock-onfault", "v6.15", "sleeps-any-time", 1],
      ["pkvm-mlock-onfault", "v6.17", "idle", 2],
      ["mlock-remote-batch", "v6.17", "idle", 1],
      ["reader-activate-batch", "v6.1", "idle", 1],
      ["gpu-transient-refs", "v6.18+hubbard-wait", "idle", 1],
    ] as const;
    for (const [model, kernel, timers, folios] of configs) {
      const target = resolveCheckTarget(model, kernel, { folios });
      const dfs = finalStates(target, "dfs", timers, 50_000, false, "shared");
      const cached = finalStates(target, "dpor", timers, 50_000, true, "shared");
      expect(dfs.complete && cached.complete, `${model} ${kernel} complete`).toBe(true);
      expect([...cached.seen].sort(), `${model} ${kernel}`).toEqual([...dfs.seen].sort());
    }
  });

  it("with the reads cache, proves and refutes what stateless DPOR does in fewer executions", () => {
    for (const kernel of ["v6.15", "v6.17"]) {
      const run = (stateCache?: "reads") =>
        check("pkvm-mlock-onfault", kernel, { folios: 2, timers: "sleeps-any-time", stateCache });
      const stateless = run();
      const cached = run("reads");
      expect(cached.stats.complete).toBe(true);
      expect(cached.properties.map((p) => p.verdict)).toEqual(stateless.properties.map((p) => p.verdict));
      expect(cached.stats.stateHits).toBeGreaterThan(0);
      expect(cached.stats.executions + cached.stats.pruned).toBeLessThan(stateless.stats.executions);
    }
  });

  it("reaches the same verdicts and final violations with fewer executions", () => {
    const target = resolveCheckTarget("pkvm-mlock-onfault", "v6.15", { folios: 2 });
    const run = (strategy: "dfs" | "dpor", sleepSets: boolean) => {
      const messages = new Set<string>();
      let failing = 0;
      const subject = new CheckSubject(target, (o) => {
        if (o.violations.length > 0) failing++;
        for (const v of o.violations) messages.add(`${v.property}: ${v.message}`);
      });
      const stats = explore(subject, {
        strategy,
        sleepSets,
        timers: "sleeps-any-time",
        maxPreemptions: 2,
        budget: { maxExecutions: 100_000 },
        seed: 1,
        pctDepth: 3,
        maxEvents: MAX_EVENTS,
      });
      return { stats, messages, failing };
    };
    const dfs = run("dfs", false);
    const dpor = run("dpor", true);
    expect(dfs.stats.complete).toBe(true);
    expect(dpor.messages).toEqual(dfs.messages);
    expect(dpor.stats.executions).toBeLessThan(dfs.stats.executions);
  });
});
