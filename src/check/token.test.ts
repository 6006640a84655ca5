import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveCheckTarget } from "../cli/check_target.ts";
import { runCheck } from "./check.ts";
import { replayCounterexample } from "./replay_token.ts";
import { BadTokenError, decodeReplayToken, encodeReplayToken, type ReplaySpec } from "./token.ts";

/** A pc2 token of this encoded body with a valid checksum (FNV-1a, as token.ts computes it). */
function sealed(encoded: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < encoded.length; i++) h = Math.imul(h ^ encoded.charCodeAt(i), 0x01000193);
  return `pc2${encoded}.${(h >>> 0).toString(16).padStart(8, "0")}`;
}

/** A sealed token whose body is this value as JSON: refused (or not) for its content alone. */
const body = (o: unknown) => sealed(Buffer.from(JSON.stringify(o)).toString("base64url"));

describe("replay tokens", () => {
  it("round-trip any schedule", () => {
    const spec = fc.record({
      scenario: fc.string({ minLength: 1, maxLength: 200 }),
      digest: fc.string({ minLength: 8, maxLength: 8 }),
      kernel: fc.string({ minLength: 1, maxLength: 200 }),
      cpus: fc.integer({ min: 1, max: 64 }),
      folios: fc.integer({ min: 1, max: 64 }),
      repeats: fc.integer({ min: 1, max: 8 }),
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
    for (const bad of [
      "",
      "xyz",
      "pc1!!!",
      "pc2!!!",
      body({ v: 9 }),
      body(null),
      body([1, 2]),
      body({ v: 2, m: "x" }),
      good.slice(0, -6),
      good.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
      `${good.slice(0, 10)}A${good.slice(11)}`,
    ]) {
      expect(() => decodeReplayToken(bad)).toThrow(BadTokenError);
    }
  });

  it("refuses a pc1 token as made by an older pinsim", () => {
    expect(() => decodeReplayToken("pc1bnVsbA")).toThrow(/made by an older pinsim/);
  });

  const fields = {
    v: 2,
    m: "gpu-transient-refs",
    h: "0123abcd",
    k: "v6.18",
    c: 2,
    f: 2,
    r: 1,
    t: "i",
    p: "every-pin-succeeds",
    s: "",
  };

  it("decodes strictly: exact fields, types, canonical base64url and varints", () => {
    expect(decodeReplayToken(body(fields)).scenario).toBe("gpu-transient-refs");
    const cases: [string, RegExp][] = [
      [body(null), /not a JSON object/],
      [body([1]), /not a JSON object/],
      [body("x"), /not a JSON object/],
      [body({ ...fields, extra: 1 }), /unknown field "extra"/],
      [body({ ...fields, t: "x" }), /time policy "x" is not i or a/],
      [body({ ...fields, c: 1.5 }), /lacks "c"/],
      [body({ ...fields, f: 0 }), /lacks "f"/],
      [body({ ...fields, r: -1 }), /lacks "r"/],
      [body({ ...fields, p: "" }), /lacks "p"/],
      [body({ ...fields, m: 7 }), /lacks "m"/],
      [body({ ...fields, h: "" }), /lacks "h"/],
      [body({ ...fields, s: "AA==" }), /schedule is damaged/],
      [body({ ...fields, s: Buffer.from([0x80, 0x00]).toString("base64url") }), /not canonical/],
      [body({ ...fields, s: Buffer.from(Array(8).fill(0xff)).toString("base64url") }), /oversized number/],
      [sealed(`${Buffer.from(JSON.stringify(fields)).toString("base64url")}=`), /damaged \(not base64url\)/],
      [sealed("bnVsbA"), /not a JSON object/], // JSON null
      [sealed("nonsense"), /damaged/],
      [sealed("A".repeat(70_000)), /characters long/],
    ];
    for (const [token, message] of cases)
      expect(() => decodeReplayToken(token), token.slice(0, 40)).toThrow(message);
  });

  it("anything after pc2, sealed or not, decodes or is a BadTokenError, never another error (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/)),
        fc.boolean(),
        (tail, seal) => {
          try {
            decodeReplayToken(seal ? sealed(tail) : `pc2${tail}`);
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
