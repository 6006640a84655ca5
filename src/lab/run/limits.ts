// How much one command may simulate: the limits, and their defaults. A module of its own, with no
// imports, so that the CLI's option specs (loaded by every start, --help included) can show the
// defaults without loading the budget estimator and the folio table behind it (budget.ts).

export interface Limits {
  /** Simulated steps of a whole command (every run, kernel and --vary point), and of any one run. */
  readonly max_steps: number;
  /** Bytes one run may need (each worker thread runs one at a time). */
  readonly max_memory_bytes: number;
}

/** About 10 minutes of simulation on one core (100-300k steps/s); 2 GiB, well inside a laptop. */
export const DEFAULT_LIMITS: Limits = { max_steps: 100_000_000, max_memory_bytes: 2 * 1024 ** 3 };
