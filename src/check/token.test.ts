import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveCheckTarget } from "../cli/check_target.ts";
import { runCheck } from "./check.ts";
import { replayCounterexample } from "./replay_token.ts";
import { BadTokenError, decodeReplayToken, encodeReplayToken, type ReplaySpec } from "./token.ts";

describe("replay tokens", () => {
  it("round-trip any schedule", () => {
    const spec = fc.record({
      scenario: fc.string({ minLength: 1 }),
      digest: fc.string({ minLength: 8, maxLength: 8 }),
      kernel: fc.string({ minLength: 1 }),
      cpus: fc.integer({ min: 1, max: 64 }),
      folios: fc.integer({ min: 1, max: 64 }),
      repeats: fc.integer({ min: 1, max: 8 }),
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
      scenario: "m",
      digest: "00000000",
      kernel: "v6.15",
      cpus: 2,
      folios: 1,
      repeats: 1,
      timers: "idle",
      property: "p",
      decisions: [1, 2],
    });
    const body = (json: string) => {
      const enc = Buffer.from(json).toString("base64url");
      // A valid checksum over a body that is not a token: refused for its content.
      let h = 0x811c9dc5;
      for (let i = 0; i < enc.length; i++) h = Math.imul(h ^ enc.charCodeAt(i), 0x01000193);
      return `pc2${enc}.${(h >>> 0).toString(16).padStart(8, "0")}`;
    };
    for (const bad of [
      "",
      "xyz",
      "pc1!!!",
      "pc2!!!",
      body('{"v":9}'),
      body("null"),
      body("[1,2]"),
      body('{"v":2,"m":"x"}'),
      good.slice(0, -6),
      good.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
      `${good.slice(0, 10)}A${good.slice(11)}`,
    ]) {
      expect(() => decodeReplayToken(bad)).toThrow(BadTokenError);
    }
  });

  it("replays a check's counterexample exactly, violation included", () => {
    const r = runCheck({
      target: resolveCheckTarget("pkvm-mlock-onfault", "v6.15", { folios: 2 }),
      timers: "sleeps-any-time",
      strategy: "dpor",
      maxPreemptions: Number.POSITIVE_INFINITY,
      maxExecutions: 100_000,
      seed: 1,
      pctDepth: 3,
    });
    const cx = r.counterexamples[0]!;
    const spec = decodeReplayToken(cx.token);
    const again = replayCounterexample(resolveCheckTarget(spec.scenario, spec.kernel, spec), spec, cx.token);
    expect(again.reproduced).toBe(true);
    expect(again.message).toBe(cx.message);
    expect(again.steps).toEqual(cx.steps);
  });
});
