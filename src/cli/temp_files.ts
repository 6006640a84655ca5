// Temporary files that must not outlive the process: removed when it exits, and when a signal
// that would end it arrives, after which the signal is raised again so the process still dies of
// it (the shell sees 128+n). SIGKILL cannot be caught: output is built in memory first, so a
// temporary file exists only while it is being written.

import { unlinkSync } from "node:fs";

/** Signals whose default action ends the process and that a Node process may catch. */
const FATAL_SIGNALS: readonly NodeJS.Signals[] = [
  "SIGHUP",
  "SIGINT",
  "SIGQUIT",
  "SIGTERM",
  "SIGUSR2",
  "SIGALRM",
  "SIGVTALRM",
  "SIGPROF",
  "SIGXCPU",
  "SIGXFSZ",
];

const live = new Set<string>();

export function trackTempFile(path: string): void {
  if (live.size === 0) install();
  live.add(path);
}

/** The file was renamed into place or removed: nothing left to clean up. */
export function untrackTempFile(path: string): void {
  live.delete(path);
  if (live.size === 0) uninstall();
}

function removeAll(): void {
  for (const path of live) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  for (const s of FATAL_SIGNALS) process.on(s, onSignal);
  process.on("exit", removeAll);
}

function uninstall(): void {
  for (const s of FATAL_SIGNALS) process.off(s, onSignal);
  process.off("exit", removeAll);
}
