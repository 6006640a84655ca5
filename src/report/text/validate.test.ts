import { describe, expect, it } from "vitest";
import { summarizeValues } from "./validate.ts";

describe("summarizeValues", () => {
  it("counts each value over the runs in order of first appearance, runs without the pin as none", () => {
    expect(summarizeValues(["ok", "ok", "-ENOMEM", null, "ok"])).toBe("ok ×3, -ENOMEM ×1, none ×1");
    expect(summarizeValues([4, 4])).toBe("4 ×2");
  });
});
