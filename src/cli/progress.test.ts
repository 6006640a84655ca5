import { describe, expect, it } from "vitest";
import { progressBar, progressLine } from "./progress.ts";

describe("progress bar", () => {
  it("renders done/total with a proportional bar", () => {
    expect(progressLine("x", 15, 30)).toBe(`x [${"#".repeat(15)}${".".repeat(15)}] 15/30 runs`);
    expect(progressLine("x", 0, 0)).toContain("0/0 runs");
  });

  it("is silent unless stderr is a terminal and not --quiet, and erases itself", () => {
    let err = "";
    const io = {
      out() {},
      err(t: string) {
        err += t;
      },
      errIsTty: true,
    };
    const bar = progressBar(io, "x", false);
    bar.update(1, 1);
    bar.done();
    expect(err).toMatch(/^\rx \[#+\] 1\/1 runs\r +\r$/);
    err = "";
    const quiet = progressBar(io, "x", true);
    quiet.update(1, 1);
    quiet.done();
    expect(err).toBe("");
  });
});
