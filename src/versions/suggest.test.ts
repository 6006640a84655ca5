import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance } from "./suggest.ts";

describe("suggestions", () => {
  it("counts insertions, deletions, substitutions and transpositions as one edit each", () => {
    expect(editDistance("hold", "hold")).toBe(0);
    expect(editDistance("hodl", "hold")).toBe(1);
    expect(editDistance("hol", "hold")).toBe(1);
    expect(editDistance("holds", "hold")).toBe(1);
    expect(editDistance("bold", "hold")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests only close candidates", () => {
    expect(closest("machne", ["machine", "regions"])).toBe("machine");
    expect(closest("pkvm", ["gpu", "vmm", "io_uring"])).toBeUndefined();
    expect(closest("exponentail", ["fixed", "exponential"])).toBe("exponential");
    expect(didYouMean("xyz", ["cpu"])).toBe("");
    expect(didYouMean("cpus", ["cpu"])).toBe(' (did you mean "cpu"?)');
  });
});
