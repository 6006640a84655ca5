import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinPath } from "../../scenarios/builtin.ts";
import { loadScenario, parseScenario } from "../../scenarios/index.ts";
import { applyVary, checkVary, parseRange, parseVary, writtenValues } from "./sweep_param.ts";

describe("--vary ranges", () => {
  it("a..b:n has n values from a to b, increasing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 20 }),
        (a, d, n) => {
          const v = parseRange(`${a}..${a + d}:${n}`, false, true);
          expect(v.length).toBe(n);
          expect(v[0]).toBe(a);
          expect(v.at(-1)).toBe(a + d);
          for (let i = 1; i < n; i++) expect(v[i]!).toBeGreaterThanOrEqual(v[i - 1]!);
        },
      ),
    );
  });

  it("durations take units and wide ranges are log-spaced", () => {
    expect(parseRange("1us..1s:4", true, true)).toEqual([1_000, 100_000, 10_000_000, 1_000_000_000]);
    expect(parseRange("10us,1ms", true, true)).toEqual([10_000, 1_000_000]);
  });
});

describe("applyVary", () => {
  const s = loadScenario("gpu-transient-refs");

  it("sets a fixed hold by actor kind and stretches the stop time", () => {
    const v = applyVary(s, "gpu.hold", 2_000_000);
    const gpu = v.actors.find((a) => a.kind === "gpu")!;
    expect(gpu).toMatchObject({ hold: { dist: "fixed", value_ns: 2_000_000 } });
    expect(v.stop_ns).toBe(s.stop_ns + 24_000_000);
    expect(s.actors.find((a) => a.kind === "gpu")).toMatchObject({
      hold: { dist: "fixed", value_ns: 200_000 },
    }); // original untouched
  });

  it("reaches machine fields and costs", () => {
    expect(applyVary(s, "machine.cpus", 8).machine.cpus).toBe(8);
    expect(applyVary(s, "costs.kworker_wakeup_ns", 50_000).costs.kworker_wakeup_ns).toBe(50_000);
  });

  it("parseVary marks durations and log spacing", () => {
    const v = parseVary("gpu.hold=1us..1s:7", s);
    expect([v.isDuration, v.log, v.values.length]).toEqual([true, true, 7]);
    expect(parseVary("io_uring.registrations=1..5:5", s)).toMatchObject({
      isDuration: false,
      log: false,
      values: [1, 2, 3, 4, 5],
    });
  });
});

describe("checkVary: varied values meet the scenario file's rules and messages", () => {
  const name = "gpu-transient-refs";
  const s = loadScenario(name);
  const check = (text: string) => () =>
    checkVary(parseVary(text, s), writtenValues(text), s, s, (o) => loadScenario(name, o));

  it("refuses what the file would refuse, naming the field it breaks", () => {
    const cases: [string, RegExp][] = [
      [
        "machine.cpus=1,2",
        /^--vary machine\.cpus=1: .*:17:10: field actors\[0\]\.cpu: found 1, expected an integer 0\.\.0 \(machine\.cpus is 1\)$/,
      ],
      [
        "io_uring.pages=-1",
        /field actors\[2\]\.pages: found -1, expected an integer 1\.\.64 \(region "buf" has 64 pages\)/,
      ],
      ["gpu.pages_per_op=2.5", /field actors\[1\]\.pages_per_op: found 2\.5, expected an integer 1\.\.64/],
      ["machine.normal=0.5", /field machine\.normal: found "0\.5MiB", expected a whole number of MiB/],
      ["stop=0,1ms", /field stop\.time: found 0, expected a duration of at least 1ns/],
      // Refused by name before any value is tried, with the parameters the scenario has.
      [
        "costs.no_such_cost=1us",
        /^--vary costs\.no_such_cost: no cost "no_such_cost"\n {2}PARAM can be: .*costs\.fault_anon/,
      ],
      ["gpu.hold=0.5ns", /"0\.5ns" is not a duration that is a whole number of nanoseconds/],
      ["gpu.hold=1us..2s:1000000000", /1000000000 points; at most 1000/],
      ["gpu.hold=3000000000000000ns", /past 2\^53 ns/],
    ];
    for (const [text, message] of cases) expect(check(text), text).toThrow(message);
  });

  it("accepts what the file accepts, 0 included (a number of ns, as in the file)", () => {
    expect(check("gpu.interval=0,1")).not.toThrow();
    expect(check("machine.normal=512")).not.toThrow();
    expect(check("gpu.hold.value=5us")).not.toThrow();
  });

  it("refuses a value exactly when the file would, with the same words (property)", () => {
    const text = readFileSync(builtinPath(name), "utf8");
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -5, max: 80 }), fc.double({ min: -2, max: 70, noNaN: true })),
        (v) => {
          let fileError = "";
          try {
            parseScenario(text.replace("pages_per_op: 4", `pages_per_op: ${v}`), "f.yaml");
          } catch (e) {
            fileError = (e as Error).message.replace(/^.*?: field /, "field ");
          }
          let varyError = "";
          try {
            check(`gpu.pages_per_op=${v},1`)();
          } catch (e) {
            varyError = (e as Error).message.replace(/^.*?: field /, "field ");
          }
          expect(varyError).toBe(fileError);
        },
      ),
      { numRuns: 100 },
    );
  });
});
