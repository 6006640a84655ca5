import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CommandSpec, parseArgs, UsageError } from "./args.ts";
import { COMMANDS } from "./registry.ts";

const SPEC: CommandSpec = {
  name: "t",
  summary: "test",
  positionals: [{ name: "<s>", help: "" }],
  options: [
    { name: "seed", type: "int", min: 0, max: 0xffffffff, help: "" },
    { name: "share", type: "number", min: 0, help: "" },
    { name: "json", type: "boolean", help: "" },
    { name: "format", type: "string", choices: ["a", "b"], help: "" },
    { name: "output", short: "o", type: "string", help: "" },
  ],
};

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(SPEC, argv);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error(`expected a UsageError for ${argv.join(" ")}`);
}

describe("parseArgs", () => {
  it("reads plain decimal numbers only", () => {
    expect(parseArgs(SPEC, ["s", "--seed", "16", "--share=0.25"]).options).toMatchObject({
      seed: 16,
      share: 0.25,
    });
    for (const bad of ["1e3", "0x10", "0b1", " 7", "7 ", "", "Infinity", "1.0", "+3", "9007199254740993"]) {
      expect(usageError(["s", "--seed", bad]).message).toMatch(/is not a whole number in decimal digits/);
    }
    for (const bad of ["1e-3", ".5", "5.", "NaN", "-Infinity"]) {
      expect(usageError(["s", "--share", bad]).message).toMatch(/is not a decimal number/);
    }
  });

  it("holds numbers to their declared range", () => {
    expect(usageError(["s", "--seed", "4294967296"]).message).toBe(
      "--seed: 4294967296 is above the maximum 4294967295",
    );
    expect(usageError(["s", "--seed", "-1"]).message).toBe("--seed: -1 is below the minimum 0");
  });

  it("takes switches without a value, and refuses --json=false instead of reading it as true", () => {
    expect(parseArgs(SPEC, ["s", "--json"]).options.json).toBe(true);
    expect(parseArgs(SPEC, ["s"]).options.json).toBeUndefined();
    for (const v of ["false", "true", "0", ""]) {
      expect(usageError(["s", `--json=${v}`]).message).toMatch(/--json is a switch and takes no value/);
    }
  });

  it("clips what it echoes", () => {
    const huge = "x".repeat(50_000);
    for (const argv of [
      ["s", "--seed", huge],
      ["s", "--format", huge],
      ["s", `--${huge}`],
      ["s", huge],
    ]) {
      expect(usageError(argv).message.length).toBeLessThan(200);
    }
  });

  it("never throws anything but a UsageError, whatever the arguments (property)", () => {
    const token = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "--seed",
        "--share",
        "--json",
        "--format",
        "-o",
        "--",
        "-",
        "--json=false",
        "--seed=1e3",
      ),
      fc.integer().map(String),
      fc.double().map(String),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
        try {
          const p = parseArgs(SPEC, argv);
          const seed = p.options.seed;
          if (seed !== undefined) expect(Number.isSafeInteger(seed) && (seed as number) >= 0).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          expect((e as UsageError).message.length).toBeLessThan(300);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("every command's parser takes any argument list without an error but UsageError (property)", () => {
    for (const c of COMMANDS) {
      const flags = c.spec.options.flatMap((o) => [
        `--${o.name}`,
        `--${o.name}=`,
        ...(o.short ? [`-${o.short}`] : []),
      ]);
      const token = fc.oneof(
        fc.constantFrom(...flags, "--", "-", "--help=1"),
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          "0",
          "-1",
          "1e3",
          "0x10",
          "4294967296",
          "9".repeat(400),
          "NaN",
          "1.5",
          "v6.15",
          "dpor",
        ),
      );
      fc.assert(
        fc.property(fc.array(token, { maxLength: 10 }), (argv) => {
          try {
            parseArgs(c.spec, argv);
          } catch (e) {
            expect(e).toBeInstanceOf(UsageError);
            expect((e as UsageError).message.length).toBeLessThan(300);
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it("every command's numeric options have a lower bound, and --workers an upper one", () => {
    for (const c of COMMANDS) {
      for (const o of c.spec.options) {
        if (o.type === "int" && o.name !== "seed") expect(o.min, `${c.spec.name} --${o.name}`).toBeDefined();
      }
    }
    const workers = COMMANDS.flatMap((c) => c.spec.options).filter((o) => o.name === "workers");
    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) expect(w.max).toBeLessThanOrEqual(64);
  });
});
