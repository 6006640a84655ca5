// `pinsim check` on the scenario's small configuration, and its counterexample as per-CPU lanes:
// one row per step, the step in the column of its CPU, the reference ledger after it on the right.

import type { Counterexample } from "../../check/counterexample.ts";
import { holderLine, ledgerText, stepHead } from "../../report/text/counterexample.ts";
import type { CheckOutcome } from "../jobs.ts";

export function CheckView({ outcome }: { readonly outcome: CheckOutcome }) {
  return (
    <section class="check-result" data-testid="check-result">
      <pre class="check-text">{outcome.text}</pre>
      {outcome.counterexamples.map((cx) => (
        <CounterexampleLanes key={cx.property} cx={cx} />
      ))}
    </section>
  );
}

function CounterexampleLanes({ cx }: { readonly cx: Counterexample }) {
  const cpus = Array.from({ length: cx.cpus }, (_, i) => i);
  return (
    <div class="cx">
      <h3>
        {cx.property}: {cx.message}
      </h3>
      <table class="lanes" data-testid="cx-lanes">
        <thead>
          <tr>
            <th>step</th>
            {cpus.map((c) => (
              <th key={c}>CPU {c}</th>
            ))}
            <th>ledger after the step</th>
          </tr>
        </thead>
        <tbody>
          {cx.steps.map((s) => (
            <tr key={s.index} class={s.holders.length > 0 ? "violation" : s.preemption ? "preempt" : ""}>
              <td class="num">{s.index}</td>
              {cpus.map((c) => (
                <td key={c} class={c === s.cpu ? "active" : "idle"}>
                  {c === s.cpu && (
                    <>
                      <div class="head">{stepHead(s)}</div>
                      {s.notes.map((n) => (
                        <div key={n} class="note">
                          · {n}
                        </div>
                      ))}
                      {s.holders.map((h) => (
                        <div key={h.folio} class="holder">
                          {holderLine(h)}
                        </div>
                      ))}
                    </>
                  )}
                </td>
              ))}
              <td class="ledger-cell">
                {s.ledger.map((l) => (
                  <div key={l.folio}>{ledgerText(l)}</div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="replay">
        <code>pinsim replay {cx.token}</code>
      </p>
    </div>
  );
}
