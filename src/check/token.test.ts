import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveCheckTarget } from "../cli/check_target.ts";
import { runCheck } from "./check.ts";
import { replayCounterexample } from "./replay_token.ts";
import { BadTokenError, decodeReplayToken, encodeReplayToken, type ReplaySpec } from "./token.ts";

describe("replay tokens", () => {
  it("round-trip any schedule", () => {
    const spec = fc.record({
      model: fc.string({ minLength: 1 }),
      kernel: fc.string({ minLength: 1 }),
      cpus: fc.integer({ min: 1, max: 64 }),
      folios: fc.integer({ min: 1, max: 64 }),
      timers: fc.constantFrom("idle" as const, "sleeps-any-time" as const),
      property: fc.string(),
      decisions: fc.array(fc.integer({ min: -1000, max: 1_000_000 })),
    });
    fc.assert(
      fc.property(spec, (s: ReplaySpec) => {
        expect(decodeReplayToken(encodeReplayToken(s))).toEqual(s);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it("rejects damaged and foreign tokens as bad input", () => {
    const good = encodeReplayToken({
      model: "m",
      kernel: "v6.15",
      cpus: 2,
      folios: 1,
      timers: "idle",
      property: "p",
      decisions: [1, 2],
    });
    for (const bad of [
      "",
      "xyz",
      "pc1!!!",
      `pc1${Buffer.from('{"v":9}').toString("base64url")}`,
      good.slice(0, -6),
    ]) {
      expect(() => decodeReplayToken(bad)).toThrow(BadTokenError);
    }
  });

  it("replays a check's counterexample exactly, violation included", () => {
    const r = runCheck({
      target: resolveCheckTarget("pkvm-mlock-onfault", "v6.15", { folios: 2 }),
      strategy: "dpor",
      maxPreemptions: Number.POSITIVE_INFINITY,
      maxExecutions: 100_000,
      seed: 1,
      pctDepth: 3,
      timers: "idle",
    });
    const cx = r.counterexamples[0]!;
    const spec = decodeReplayToken(cx.token);
    const again = replayCounterexample(resolveCheckTarget(spec.model, spec.kernel, spec), spec, cx.token);
    expect(again.reproduced).toBe(true);
    expect(again.message).toBe(cx.message);
    expect(again.steps).toEqual(cx.steps);
  });
});
