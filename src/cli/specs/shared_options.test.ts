import { describe, expect, it } from "vitest";
import { formatSize } from "../../engine/units.ts";
import { DEFAULT_LIMITS } from "../../lab/run/budget.ts";
import { LIMIT_OPTIONS } from "./shared_options.ts";

describe("LIMIT_OPTIONS", () => {
  it("default to the limits the runs enforce (lab/run/budget.ts's DEFAULT_LIMITS)", () => {
    expect(LIMIT_OPTIONS.map((o) => o.default)).toEqual([
      DEFAULT_LIMITS.max_steps,
      formatSize(DEFAULT_LIMITS.max_memory_bytes),
    ]);
  });
});
