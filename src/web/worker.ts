// The playground's Web Worker: runs one job (jobs.ts) off the page's thread, reporting progress.
// Charts are rendered here too (Vega's headless SVG renderer, as the CLI's --plot does).

import { renderSvg } from "../report/charts/render.ts";
import { runCompare, runFailure, runSmallCheck } from "./jobs.ts";
import type { Job, Reply } from "./protocol.ts";

interface WorkerScope {
  onmessage: ((e: MessageEvent<Job>) => void) | null;
  postMessage(reply: Reply): void;
}

const scope = globalThis as unknown as WorkerScope;

/** At most about a hundred progress messages per job, whatever its size. */
function progress(total: number): (done: number) => void {
  const step = Math.max(1, Math.floor(total / 100));
  return (done) => {
    if (done % step === 0 || done === total) scope.postMessage({ kind: "progress", done, total });
  };
}

async function run(job: Job): Promise<Reply> {
  if (job.kind === "compare") {
    const total = job.req.runs * job.req.kernels.length;
    const tick = progress(total);
    const outcome = runCompare(job.req, (done) => tick(done));
    return { kind: "compare", outcome, svg: await renderSvg(outcome.spec) };
  }
  if (job.kind === "failure") return { kind: "failure", outcome: runFailure(job.req) };
  const tick = progress(job.req.maxExecutions);
  const outcome = runSmallCheck(job.req, () => performance.now(), tick);
  return { kind: "check", outcome };
}

scope.onmessage = (e) => {
  run(e.data).then(
    (reply) => scope.postMessage(reply),
    (err: unknown) => scope.postMessage({ kind: "error", message: errorText(err) }),
  );
};

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
