import { describe, expect, it } from "vitest";
import { restartDelayMs } from "./worker.ts";

describe("worker restart back-off", () => {
  it("doubles from half a second per quick end in a row, and stops growing at 30 s", () => {
    expect([1, 2, 3, 4].map(restartDelayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(restartDelayMs(7)).toBe(30_000);
    expect(restartDelayMs(60)).toBe(30_000);
  });
});
