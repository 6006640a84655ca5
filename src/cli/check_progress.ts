// Progress of `pinsim check` on an interactive stderr: redrawn in place at most ten times a
// second and erased at the end; silent on a pipe, a log or in tests. The clock only paces redraws
// and the rate; it never reaches the exploration.

import { formatCheckProgress } from "../report/text/check_progress.ts";
import type { Io } from "./command.ts";

const REDRAW_MS = 100;

export interface CheckProgress {
  /** The estimated total, once known (null: none). */
  setEstimate(total: number | null): void;
  onExecution(executions: number): void;
  done(): void;
}

const OFF: CheckProgress = { setEstimate() {}, onExecution() {}, done() {} };

export function checkProgress(io: Io, now_ms: () => number = () => performance.now()): CheckProgress {
  if (!io.errIsTty) return OFF;
  const t0_ms = now_ms();
  let last_ms = Number.NEGATIVE_INFINITY;
  let estimate: number | null = null;
  let width = 0;
  return {
    setEstimate(total) {
      estimate = total;
    },
    onExecution(executions) {
      const t_ms = now_ms();
      if (t_ms - last_ms < REDRAW_MS) return;
      last_ms = t_ms;
      const line = formatCheckProgress({ executions, elapsed_s: (t_ms - t0_ms) / 1000, estimate });
      io.err(`\r${line.padEnd(width)}`);
      width = Math.max(width, line.length);
    },
    done() {
      if (width > 0) io.err(`\r${" ".repeat(width)}\r`);
    },
  };
}
