import { describe, expect, it } from "vitest";
import { MAX_SEED, seedOfRun, seedRange } from "./seeds.ts";

describe("seeds", () => {
  it("run i of --seed S uses S + i, wrapping at 2^32", () => {
    expect(seedRange(10, 0, 3)).toEqual([10, 11, 12]);
    expect(seedRange(10, 5, 2)).toEqual([15, 16]);
    expect(seedOfRun(MAX_SEED, 1)).toBe(0);
  });
});
