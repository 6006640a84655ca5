// The one-line progress of `pinsim check` on a terminal: executions so far, their rate, and the
// estimate of the total (Knuth's, of an exhaustive DFS: an upper bound for DPOR).

export interface CheckProgressView {
  readonly executions: number;
  readonly elapsed_s: number;
  /** The estimated total, or null when there is none (sampling strategies without a cap). */
  readonly estimate: number | null;
}

export function formatCheckProgress(v: CheckProgressView): string {
  const rate = v.elapsed_s > 0 ? v.executions / v.elapsed_s : 0;
  const parts = [`check: ${count(v.executions)} executions`, `${count(Math.round(rate))}/s`];
  if (v.estimate !== null && v.estimate > 0) {
    // The estimate is a mean over random walks: once passed, the run says so rather than 100%+.
    if (v.executions <= v.estimate) {
      const pct = Math.floor((v.executions / v.estimate) * 100);
      const left_s = rate > 0 ? (v.estimate - v.executions) / rate : null;
      parts.push(`of ~${count(Math.round(v.estimate))} estimated (${pct}%)`);
      if (left_s !== null) parts.push(`~${duration(left_s)} left`);
    } else parts.push(`past the estimate of ~${count(Math.round(v.estimate))}`);
  }
  return parts.join(", ");
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function duration(s: number): string {
  if (s < 120) return `${Math.ceil(s)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
