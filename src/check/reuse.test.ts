// CheckSubject's `reuse` (one folio table and one set of per-CPU batches for every execution,
// emptied at each boot) must change nothing the exploration finds: every execution ends the same
// way, at the same event, with the same violations, as when each boots on storage of its own.

import { describe, expect, it } from "vitest";
import { resolveCheckTarget } from "../cli/check_target.ts";
import { explore } from "../engine/explore/explore.ts";
import { CheckSubject, type Outcome } from "./execution.ts";
import { MAX_EVENTS } from "./replay.ts";

function outcomes(kernel: string, reuse: boolean): string[] {
  const target = resolveCheckTarget("pkvm-mlock-onfault", kernel, { folios: 2 });
  const out: string[] = [];
  const record = (o: Outcome) =>
    out.push(
      `${o.reason} ${o.events} ${o.decisions.join(".")} ${o.violations.map((v) => `${v.property}@${v.event}`).join(",")}`,
    );
  const stats = explore(new CheckSubject(target, record, { reuse }), {
    strategy: "dpor",
    timers: "sleeps-any-time",
    maxPreemptions: Number.POSITIVE_INFINITY,
    budget: { maxExecutions: 400 },
    seed: 1,
    pctDepth: 3,
    maxEvents: MAX_EVENTS,
  });
  expect(stats.executions).toBeGreaterThan(100);
  return out;
}

describe("CheckSubject reuse", () => {
  for (const kernel of ["v6.15", "v6.17"])
    it(`${kernel}: executions on reused storage end as on new storage`, () => {
      const reused = outcomes(kernel, true);
      expect(reused).toEqual(outcomes(kernel, false));
      if (kernel === "v6.15") expect(reused.some((o) => o.includes("@"))).toBe(true);
    });
});
