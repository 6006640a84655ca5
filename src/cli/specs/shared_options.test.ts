import { describe, expect, it } from "vitest";
import { formatSize } from "../../engine/units.ts";
import { DEFAULT_LIMITS } from "../../lab/run/budget.ts";
import { DEFAULT_MAX_MEMORY, DEFAULT_MAX_STEPS, LIMIT_OPTIONS } from "./shared_options.ts";

describe("LIMIT_OPTIONS", () => {
  it("default to lab/run/budget.ts's DEFAULT_LIMITS (written out so that --help does not load budget.ts)", () => {
    expect(DEFAULT_MAX_STEPS).toBe(DEFAULT_LIMITS.max_steps);
    expect(DEFAULT_MAX_MEMORY).toBe(formatSize(DEFAULT_LIMITS.max_memory_bytes));
    expect(LIMIT_OPTIONS.map((o) => o.default)).toEqual([DEFAULT_MAX_STEPS, DEFAULT_MAX_MEMORY]);
  });
});
