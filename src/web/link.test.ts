import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeLink, encodeLink, fromBase64Url, toBase64Url } from "./link.ts";
import { MAX_RUNS, MAX_SEED, type PlaygroundState } from "./state.ts";

const BUILTINS = ["pkvm-mlock-onfault", "gpu-transient-refs", "cma-pin"];

const kernelName = fc.stringMatching(/^[a-z0-9][a-z0-9.+=_-]{0,24}$/);

const state: fc.Arbitrary<PlaygroundState> = fc.record({
  scenario: fc.oneof(
    fc.constantFrom(...BUILTINS).map((name) => ({ kind: "builtin" as const, name })),
    fc.string({ unit: "binary", maxLength: 200 }).map((text) => ({ kind: "yaml" as const, text })),
  ),
  kernels: fc.array(kernelName, { minLength: 1, maxLength: 5 }),
  runs: fc.integer({ min: 1, max: MAX_RUNS }),
  seed: fc.integer({ min: 0, max: MAX_SEED }),
});

describe("playground links", () => {
  it("decode(encode(state)) is the state, with no problem reported", () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(decodeLink(encodeLink(s), BUILTINS)).toEqual({ state: s, problems: [] });
      }),
      { numRuns: 500 },
    );
  });

  it("any query string decodes without throwing, to a state within the limits", () => {
    const query = fc.string({
      unit: fc.constantFrom(..."?&=%+,scenariokernelsrunsedyaml0123456789-_AZaz"),
      maxLength: 80,
    });
    fc.assert(
      fc.property(query, (q) => {
        const { state: s } = decodeLink(q, BUILTINS);
        expect(s.runs).toBeGreaterThanOrEqual(1);
        expect(s.runs).toBeLessThanOrEqual(MAX_RUNS);
        expect(s.seed).toBeLessThanOrEqual(MAX_SEED);
        expect(s.kernels.length).toBeGreaterThan(0);
        if (s.scenario.kind === "builtin") expect(BUILTINS).toContain(s.scenario.name);
      }),
      { numRuns: 500 },
    );
  });

  it("names what it could not read, and falls back to the default for it", () => {
    const d = decodeLink("?scenario=nope&runs=0&seed=-1&kernels=,&yaml=", BUILTINS);
    expect(d.state.scenario).toEqual({ kind: "yaml", text: "" });
    expect(d.problems).toEqual([
      "kernels: empty; expected kernel names separated by commas, e.g. v6.15,v6.17",
      'runs: "0" is not a whole number in 1..100000; using 200',
      'seed: "-1" is not a whole number in 0..4294967295; using 1',
    ]);
    expect(decodeLink("?scenario=nope", BUILTINS).problems[0]).toMatch(
      /^scenario: no built-in scenario named "nope"/,
    );
    expect(decodeLink("?yaml=%%%", BUILTINS).problems[0]).toMatch(/^yaml: not base64url/);
  });

  it("base64url text round-trips any Unicode text and refuses non-canonical forms", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (t) => {
        expect(fromBase64Url(toBase64Url(t))).toBe(t);
      }),
    );
    expect(toBase64Url("µs")).toBe("wrVz");
    expect(fromBase64Url("wrVz=")).toBeNull();
    expect(fromBase64Url("wrU")).toBe("µ"); // 2 bytes
    expect(fromBase64Url("wrV")).toBeNull(); // unused low bits set
    expect(fromBase64Url("_w")).toBeNull(); // 0xff is not UTF-8
  });
});
