// A progress bar on stderr for long experiments: redrawn in place at most ten times a second,
// erased when done. Only on an interactive stderr and without --quiet, so pipes, logs and
// tests never see it. Wall-clock time here only paces redraws; it never reaches a result.

import type { Io } from "./command.ts";

const WIDTH = 30;
const REDRAW_MS = 100;

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

const OFF: Progress = { update() {}, done() {} };

export function progressBar(io: Io, label: string, quiet: boolean): Progress {
  if (quiet || !io.errIsTty) return OFF;
  let last_ms = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now_ms = Date.now();
      if (done < total && now_ms - last_ms < REDRAW_MS) return;
      last_ms = now_ms;
      drawn = true;
      io.err(`\r${progressLine(label, done, total)}`);
    },
    done() {
      if (drawn) io.err(`\r${" ".repeat(WIDTH + label.length + 30)}\r`);
    },
  };
}

export function progressLine(label: string, done: number, total: number): string {
  const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
  return `${label} [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${done}/${total} runs`;
}
