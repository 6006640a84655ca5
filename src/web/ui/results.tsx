// A comparison: the table `pinsim compare` prints (and its --json), the chart of `--plot`, and
// the failed runs, each a button that opens its story.

import type { CompareOutcome, FailedRun } from "../jobs.ts";

export interface ResultsProps {
  readonly outcome: CompareOutcome;
  readonly svg: string;
  readonly onOpen: (run: FailedRun) => void;
}

export function Results({ outcome, svg, onOpen }: ResultsProps) {
  return (
    <section class="results" data-testid="results">
      <h2>Comparison</h2>
      {outcome.failures.length > 0 && (
        <div class="failed-runs">
          <h3>Failed runs</h3>
          <ul>
            {outcome.failures.map((f) => (
              <li key={f.kernel}>
                <button type="button" onClick={() => onOpen(f)} data-testid="failed-run">
                  {f.kernel}, seed {f.seed}
                </button>{" "}
                <span>{f.what}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="chart" data-testid="chart" dangerouslySetInnerHTML={{ __html: svg }} />
      <pre class="table" data-testid="table">
        {outcome.text}
      </pre>
      <details>
        <summary>JSON (pinsim compare … --json)</summary>
        <pre class="json" data-testid="json">
          {outcome.json}
        </pre>
      </details>
    </section>
  );
}
