import { describe, expect, it } from "vitest";
import { formatCheckProgress } from "../report/text/check_progress.ts";
import { checkProgress } from "./check_progress.ts";
import { main } from "./cli.ts";
import type { Io } from "./command.ts";

function capture(errIsTty: boolean): Io & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out: (t) => out_.push(t), err: (t) => err_.push(t), errIsTty, out_, err_ };
}

describe("check progress on a terminal", () => {
  it("shows executions, rate, the estimate and what is left", () => {
    expect(formatCheckProgress({ executions: 1500, elapsed_s: 2, estimate: 3000 })).toBe(
      "check: 1,500 executions, 750/s, of ~3,000 estimated (50%), ~2 s left",
    );
    expect(formatCheckProgress({ executions: 40, elapsed_s: 1, estimate: 20 })).toBe(
      "check: 40 executions, 40/s, past the estimate of ~20",
    );
    expect(formatCheckProgress({ executions: 7, elapsed_s: 0, estimate: null })).toBe(
      "check: 7 executions, 0/s",
    );
  });

  it("redraws at most every 100 ms and erases itself", () => {
    const io = capture(true);
    let t = 0;
    const p = checkProgress(io, () => t);
    p.setEstimate(100);
    t = 1000;
    p.onExecution(10);
    t = 1050;
    p.onExecution(11); // too soon: not drawn
    t = 2000;
    p.onExecution(20);
    p.done();
    expect(io.err_).toHaveLength(3);
    expect(io.err_[0]).toBe("\rcheck: 10 executions, 10/s, of ~100 estimated (10%), ~9 s left");
    expect(io.err_[1]).toMatch(/^\rcheck: 20 executions, 10\/s, of ~100 estimated \(20%\), ~8 s left *$/);
    expect(io.err_[2]).toMatch(/^\r +\r$/);
  });

  it("pinsim check draws progress only when stderr is a terminal, and stdout is the same", async () => {
    const argv = ["check", "pkvm-mlock-onfault", "--kernel", "v6.17", "--strategy", "dfs"];
    const tty = capture(true);
    const pipe = capture(false);
    expect(await main(argv, tty)).toBe(0);
    expect(await main(argv, pipe)).toBe(0);
    expect(pipe.err_).toEqual([]);
    expect(tty.err_.join("")).toMatch(/^\rcheck: 1 executions, [\d,]+\/s, of ~[\d,]+ estimated/);
    expect(tty.err_.at(-1)).toMatch(/^\r +\r$/);
    const strip = (s: string[]) => s.join("").replace(/in [\d.]+ s.*\n/g, "");
    expect(strip(tty.out_)).toBe(strip(pipe.out_));
  });
});
