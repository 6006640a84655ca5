// One failed run: the `pinsim explain` story, the per-CPU timeline, and the folio's reference
// ledger step by step (the change that was the extra reference marked).

import type { FailedRun, FailureOutcome } from "../jobs.ts";
import { TimelineView } from "./timeline.tsx";

function formatUs(t_ns: number): string {
  return `${(t_ns / 1000).toFixed(3)} µs`;
}

export function FailureView({ run, outcome }: { readonly run: FailedRun; readonly outcome: FailureOutcome }) {
  const t = outcome.timeline;
  return (
    <section class="failure" data-testid="failure">
      <h2>
        {run.kernel}, seed {run.seed}
      </h2>
      <p class="replay">
        <code>{run.runLine}</code>
        <br />
        <code>{run.explainLine}</code>
      </p>
      <h3>Why it failed</h3>
      <pre class="explain" data-testid="explain">
        {outcome.explain}
      </pre>
      <h3>Per-CPU timeline</h3>
      <TimelineView timeline={t} />
      <details>
        <summary>Reference ledger of f{t.folio}, step by step</summary>
        <table class="ledger-table" data-testid="ledger">
          <thead>
            <tr>
              <th>time</th>
              <th>CPU</th>
              <th>task</th>
              <th>change</th>
              <th>refcount</th>
              <th>held by</th>
            </tr>
          </thead>
          <tbody>
            {t.ledger.map((l, i) => (
              <tr key={i} class={l.extra ? "extra" : ""}>
                <td>{formatUs(l.t_ns)}</td>
                <td>{l.cpu}</td>
                <td>{l.task}</td>
                <td>
                  {l.delta > 0 ? "+" : ""}
                  {l.delta} {l.holder}
                </td>
                <td>{l.refcount}</td>
                <td>
                  {Object.entries(l.holders)
                    .map(([h, n]) => `${h} ${n}`)
                    .join(" + ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
