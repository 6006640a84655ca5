import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCheck } from "./check.ts";
import { replayToken } from "./replay_token.ts";
import { BadTokenError, decodeReplayToken, encodeReplayToken, type ReplaySpec } from "./token.ts";

describe("replay tokens", () => {
  it("round-trip any schedule", () => {
    const spec = fc.record({
      model: fc.string({ minLength: 1, maxLength: 200 }),
      kernel: fc.string({ minLength: 1, maxLength: 200 }),
      cpus: fc.integer({ min: 1, max: 64 }),
      folios: fc.integer({ min: 1, max: 64 }),
      timers: fc.constantFrom("idle" as const, "sleeps-any-time" as const),
      property: fc.string({ minLength: 1, maxLength: 200 }),
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

  const body = (o: unknown) => `pc1${Buffer.from(JSON.stringify(o)).toString("base64url")}`;
  const fields = {
    v: 1,
    m: "gpu-transient-refs",
    k: "v6.18",
    c: 2,
    f: 2,
    t: "i",
    p: "every-pin-succeeds",
    s: "",
  };

  it("decodes strictly: exact fields, types, canonical base64url and varints", () => {
    expect(decodeReplayToken(body(fields)).model).toBe("gpu-transient-refs");
    const cases: [string, RegExp][] = [
      [body(null), /not a JSON object/],
      [body([1]), /not a JSON object/],
      [body("x"), /not a JSON object/],
      [body({ ...fields, extra: 1 }), /unknown field "extra"/],
      [body({ ...fields, t: "x" }), /time policy "x" is not i or a/],
      [body({ ...fields, c: 1.5 }), /lacks "c"/],
      [body({ ...fields, f: 0 }), /lacks "f"/],
      [body({ ...fields, p: "" }), /lacks "p"/],
      [body({ ...fields, m: 7 }), /lacks "m"/],
      [body({ ...fields, s: "AA==" }), /schedule is damaged/],
      [body({ ...fields, s: Buffer.from([0x80, 0x00]).toString("base64url") }), /not canonical/],
      [body({ ...fields, s: Buffer.from(Array(8).fill(0xff)).toString("base64url") }), /oversized number/],
      [`${body(fields)}=`, /damaged \(not base64url\)/],
      ["pc1bnVsbA", /not a JSON object/], // JSON null, as in the issue
      ["pc1nonsense", /damaged/],
      [`pc1${"A".repeat(70_000)}`, /characters long/],
    ];
    for (const [token, message] of cases)
      expect(() => decodeReplayToken(token), token.slice(0, 40)).toThrow(message);
  });

  it("refuses a token naming a property the check does not have, instead of a fake counterexample", () => {
    expect(() => replayToken(body({ ...fields, p: "no-such-property" }))).toThrow(
      /names property "no-such-property", which pinsim check does not check/,
    );
  });

  it("anything after pc1 decodes or is a BadTokenError, never another error (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/)),
        (tail) => {
          try {
            decodeReplayToken(`pc1${tail}`);
          } catch (e) {
            expect(e).toBeInstanceOf(BadTokenError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("replays a check's counterexample exactly, violation included", () => {
    const r = runCheck({
      model: "pkvm-mlock-onfault",
      kernel: "v6.15",
      folios: 2,
      strategy: "dpor",
      maxPreemptions: Number.POSITIVE_INFINITY,
      maxExecutions: 100_000,
      seed: 1,
      pctDepth: 3,
      timers: "idle",
    });
    const cx = r.counterexamples[0]!;
    const again = replayToken(cx.token);
    expect(again.reproduced).toBe(true);
    expect(again.message).toBe(cx.message);
    expect(again.steps).toEqual(cx.steps);
  });
});
