import { describe, expect, it } from "vitest";
import { resolveCheckTarget } from "../cli/check_target.ts";
import { holderLine } from "../report/text/counterexample.ts";
import { runCheck } from "./check.ts";

function counterexample(scenario: string, kernel: string) {
  const r = runCheck({
    target: resolveCheckTarget(scenario, kernel, {}),
    strategy: "dpor",
    maxPreemptions: Number.POSITIVE_INFINITY,
    maxExecutions: 200_000,
    seed: 1,
    pctDepth: 3,
    timers: "idle",
    stopOnViolation: true,
  });
  const cx = r.counterexamples.find((c) => c.property === "every-pin-succeeds");
  expect(cx, `${scenario} on ${kernel} has a failing pin`).toBeDefined();
  return cx!;
}

describe("the holder of the extra reference at a counterexample's failed check", () => {
  it("names the mlock batch of CPU 1 and the step of vmm that queued it (mlock-remote-batch, v6.15)", () => {
    const cx = counterexample("mlock-remote-batch", "v6.15");
    const noted = cx.steps.filter((s) => s.holders.length > 0);
    expect(noted.length).toBeGreaterThan(0);
    for (const s of noted) {
      // Only a folio's last failed check carries the note.
      for (const n of s.holders) {
        expect(cx.steps.filter((t) => t.holders.some((m) => m.folio === n.folio))).toHaveLength(1);
        expect(n.count - n.expected).toBe(1);
        expect(n.holders).toHaveLength(1);
        const h = n.holders[0]!;
        expect(h).toMatchObject({ kind: "batch", batch: "mlock", cpu: 1, by: "vmm" });
        const taken = cx.steps[(h as { step: number }).step - 1]!;
        expect(taken).toMatchObject({ task: "vmm", cpu: 1 });
        expect(holderLine(n)).toMatch(/held by the mlock batch of CPU 1, queued by vmm's \w+ at step \d+$/);
      }
    }
  });

  it("names the activate batch the reader's process_vm_readv left (reader-activate-batch, v6.1)", () => {
    const cx = counterexample("reader-activate-batch", "v6.1");
    const notes = cx.steps.flatMap((s) => s.holders);
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      const h = n.holders[0]!;
      expect(h).toMatchObject({
        kind: "batch",
        batch: "lru_activate",
        by: "reader",
        via: "process_vm_rw_core",
      });
      expect(cx.steps[(h as { step: number }).step - 1]!.task).toBe("reader");
    }
  });
});
