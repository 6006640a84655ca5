// The final states an exploration of a check target reaches: the state fingerprint of every
// execution that ran to its end, with the properties it violated. DPOR, and DFS with the sound
// visited-state cache, must reach exactly the set exhaustive DFS reaches; tests compare them.

import { CheckSubject } from "../../src/check/execution.ts";
import { StateFingerprint } from "../../src/check/fingerprint.ts";
import { PinView } from "../../src/check/pins.ts";
import { MAX_EVENTS } from "../../src/check/replay.ts";
import type { CheckTarget } from "../../src/check/target.ts";
import type { TimerPolicy } from "../../src/engine/explore/executor.ts";
import { explore } from "../../src/engine/explore/explore.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";

export interface FinalStates {
  readonly seen: ReadonlySet<string>;
  readonly complete: boolean;
  readonly executions: number;
  /** Executions cut short (sleep sets, state-cache hits). */
  readonly pruned: number;
  readonly stateHits: number;
}

/**
 * `cache`: DFS with the sound visited-state cache ("reads" fingerprints). `identity`: what tells
 * two final states apart — the shared state and each task's step count, or the shared state
 * alone (the cache merges states whose tasks took different numbers of steps to reach them, a
 * wait that looped once more: compare what they end in, not how long they took).
 */
export function finalStates(
  target: CheckTarget,
  strategy: "dfs" | "dpor",
  timers: TimerPolicy,
  maxExecutions: number,
  cache = false,
  identity: "steps" | "shared" = "steps",
): FinalStates {
  const seen = new Set<string>();
  // The final state's identity: kernel, engine and pin state, and with "steps" every counter and
  // each task's step count (all tasks have ended, so the counts only tell how far each got) — by
  // name, as a multiset: tasks started during the run (writeback ends, operations in flight)
  // take their ids in the order they were started, which is interleaving, not state.
  let final: StateFingerprint | null = null;
  let kernel: Kernel | null = null;
  const subject: CheckSubject = new CheckSubject(
    target,
    (o) => {
      if (o.reason !== "done") return;
      const id = identity === "shared" ? final!.sharedFingerprint() : stepsIdentity(final!, kernel!);
      seen.add(`${id} ${o.violations.map((v) => v.property).join(",")}`);
    },
    {
      fingerprint: cache ? "reads" : "steps",
      reuse: true,
      onWorld: (k, w) => {
        kernel = k;
        final = new StateFingerprint(k, new PinView(w), "steps");
      },
    },
  );
  const stats = explore(subject, {
    strategy,
    sleepSets: strategy === "dpor" || cache,
    timers,
    maxPreemptions: Number.POSITIVE_INFINITY,
    budget: { maxExecutions },
    seed: 1,
    pctDepth: 3,
    maxEvents: MAX_EVENTS,
    fingerprint: cache ? () => subject.fingerprint() : undefined,
  });
  return {
    seen,
    complete: stats.complete,
    executions: stats.executions,
    pruned: stats.pruned,
    stateHits: stats.stateHits,
  };
}

function stepsIdentity(final: StateFingerprint, k: Kernel): string {
  const steps = k.engine.tasks.map((t) => `${t.name}:${t.steps}`).sort();
  return `${final.sharedFingerprint()} ${JSON.stringify(k.counters)} ${steps.join(",")}`;
}
