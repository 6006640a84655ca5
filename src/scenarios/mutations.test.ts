// Arbitrary mutations of the built-in scenarios (the ones `npm run fuzz` makes, with choices
// fast-check generates and shrinks) through the loader: it never throws anything but a
// ScenarioError, and every ScenarioError says where (file, line, column) and which field.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listChooser, mutateScenario } from "../../test/fuzz/mutate.ts";
import { builtinNames, builtinPath } from "./builtin.ts";
import { ScenarioError } from "./errors.ts";
import { parseScenario } from "./parse.ts";

const TEXTS = builtinNames().map((n) => readFileSync(builtinPath(n), "utf8"));

/**
 * Errors about the document as a whole have no field to name: its syntax, its type, a tag on it,
 * a top-level key that is not a word.
 */
const WHOLE_DOCUMENT =
  /^(well-formed YAML|a scenario|a plain value without a tag|a key that is a plain word)/;

describe("the loader under mutation (property)", () => {
  it("never crashes, and every rejection names file, line, column and field", () => {
    fc.assert(
      fc.property(
        fc.nat(TEXTS.length - 1),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        (base, choices) => {
          const text = mutateScenario(TEXTS[base]!, listChooser(choices), TEXTS);
          try {
            parseScenario(text, "mutant.yaml");
          } catch (e) {
            expect(e).toBeInstanceOf(ScenarioError);
            const err = e as ScenarioError;
            expect(err.file).toBe("mutant.yaml");
            expect(err.line).toBeGreaterThanOrEqual(1);
            expect(err.column).toBeGreaterThanOrEqual(1);
            if (err.field === "") expect(err.expected).toMatch(WHOLE_DOCUMENT);
            expect(err.message.length).toBeLessThan(1000);
          }
        },
      ),
      // A fixed seed: the same 600 mutants every run (npm run fuzz explores new ones).
      { numRuns: 600, seed: 20261127 },
    );
  });
});
