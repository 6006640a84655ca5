// The page's jobs and what they leave: the progress of the one running, its error, and the last
// comparison, failed run and check. One job at a time (worker_client.ts).

import { useState } from "preact/hooks";
import type { CheckOutcome, CompareOutcome, FailedRun, FailureOutcome, ScenarioInput } from "../jobs.ts";
import type { Job } from "../protocol.ts";
import { type Final, startJob } from "./worker_client.ts";

export type Busy = { readonly what: string; readonly done: number; readonly total: number } | null;

export interface Runner {
  readonly busy: Busy;
  readonly error: string | null;
  readonly result: { readonly outcome: CompareOutcome; readonly svg: string } | null;
  readonly failure: { readonly run: FailedRun; readonly outcome: FailureOutcome } | null;
  readonly check: CheckOutcome | null;
  compare(input: ScenarioInput, kernels: readonly string[], runs: number, seed: number): Promise<void>;
  openFailure(input: ScenarioInput, run: FailedRun): Promise<void>;
  runCheck(input: ScenarioInput, kernel: string, cpus?: number, folios?: number, max?: number): Promise<void>;
}

export function useRunner(): Runner {
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Runner["result"]>(null);
  const [failure, setFailure] = useState<Runner["failure"]>(null);
  const [check, setCheck] = useState<CheckOutcome | null>(null);

  /** Runs a job with a progress line; its final reply, or null after showing its error. */
  const run = async (what: string, total: number, job: Job): Promise<Final | null> => {
    setError(null);
    setBusy({ what, done: 0, total });
    const r = await startJob(job, (done, t) => setBusy({ what, done, total: t }));
    setBusy(null);
    if (r.kind !== "error") return r;
    setError(r.message);
    return null;
  };

  return {
    busy,
    error,
    result,
    failure,
    check,
    async compare(input, kernels, runs, seed) {
      setFailure(null);
      const r = await run("running", runs * kernels.length, {
        kind: "compare",
        req: { input, kernels, runs, seed },
      });
      if (r?.kind === "compare") setResult({ outcome: r.outcome, svg: r.svg });
    },
    async openFailure(input, failed) {
      const req = { input, kernel: failed.kernel, seed: failed.seed };
      const r = await run(`explaining ${failed.kernel} seed ${failed.seed}`, 0, { kind: "failure", req });
      if (r?.kind === "failure") setFailure({ run: failed, outcome: r.outcome });
    },
    async runCheck(input, kernel, cpus, folios, max = 20_000) {
      const req = { input, kernel, cpus, folios, maxExecutions: max };
      const r = await run("checking", max, { kind: "check", req });
      if (r?.kind === "check") setCheck(r.outcome);
    },
  };
}
