// A randomized check cut into ranges at any points, each range started from the PCT state the
// one before it ended in, merges into exactly runCheck's result: what lets `--queue` spread
// pct and random checks (check/queue_jobs.ts).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveCheckTarget } from "../cli/check_target.ts";
import { initialRandomState } from "../engine/explore/random_walk.ts";
import { type CheckPart, type CheckRequest, checkPart, checkResult, mergeParts, runCheck } from "./check.ts";

const target = resolveCheckTarget("lru-traffic-race", "v6.15", {});
const EXECUTIONS = 40;

function request(strategy: "pct" | "random", stopOnViolation: boolean): CheckRequest {
  return {
    target,
    strategy,
    maxPreemptions: Number.POSITIVE_INFINITY,
    maxExecutions: EXECUTIONS,
    seed: 9,
    pctDepth: 3,
    timers: "idle",
    stopOnViolation,
  };
}

/** The check run as consecutive ranges ending at `cuts`, each from the state the last one left. */
function inParts(req: CheckRequest, cuts: readonly number[]): CheckPart[] {
  const ends = [...new Set([...cuts, EXECUTIONS])].sort((a, b) => a - b);
  const parts: CheckPart[] = [];
  let state = initialRandomState();
  let first = 0;
  for (const end of ends) {
    const part = checkPart(req, { first, count: end - first, state });
    parts.push(part);
    state = part.state!;
    first = end;
  }
  return parts;
}

describe("a randomized check in parts", () => {
  for (const strategy of ["pct", "random"] as const) {
    for (const stop of [false, true]) {
      it(`${strategy}${stop ? " --stop-at-first" : ""}: any cut merges into the one-go result`, () => {
        const req = request(strategy, stop);
        const whole = JSON.stringify(runCheck(req));
        fc.assert(
          fc.property(
            fc.uniqueArray(fc.integer({ min: 1, max: EXECUTIONS - 1 }), { maxLength: 4 }),
            (cuts) => {
              const stopAt = { onViolation: stop, maxExecutions: EXECUTIONS };
              const merged = checkResult(req, mergeParts(strategy, inParts(req, cuts), stopAt));
              expect(JSON.stringify(merged)).toBe(whole);
            },
          ),
          { numRuns: 6, seed: 16 },
        );
      });
    }
  }

  it("a range started from the wrong PCT state explores other schedules (the state matters)", () => {
    const req = request("pct", false);
    const [a] = inParts(req, [20]);
    const right = checkPart(req, { first: 20, count: 20, state: a!.state! });
    const wrong = checkPart(req, { first: 20, count: 20, state: { steps_k: 1, tasks_n: 1 } });
    expect([wrong.stats.events, wrong.tally]).not.toEqual([right.stats.events, right.tally]);
  });
});
