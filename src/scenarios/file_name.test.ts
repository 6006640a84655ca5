import { posix } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { baseName, extName } from "./file_name.ts";

const path = fc.string({ unit: fc.constantFrom(".", "/", "a", "b"), maxLength: 12 });

describe("baseName and extName", () => {
  it("answer as node:path's posix basename and extname do", () => {
    fc.assert(
      fc.property(path, (p) => {
        expect(baseName(p)).toBe(posix.basename(p));
        expect(extName(baseName(p))).toBe(posix.extname(posix.basename(p)));
      }),
      { numRuns: 2000 },
    );
  });

  it("names the usual cases", () => {
    expect(baseName("scenarios/my-test.yaml")).toBe("my-test.yaml");
    expect(extName("my-test.yaml")).toBe(".yaml");
    expect(extName(".profile")).toBe("");
  });
});
