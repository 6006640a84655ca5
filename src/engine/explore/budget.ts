// When an exploration stops early: an execution count, or a deadline the CLI passes in as a
// callback (the only place the wall clock is read; exploration logic itself never reads it).

export interface Budget {
  readonly maxExecutions: number;
  /** True once the time budget is spent; checked between executions. */
  readonly timeUp?: () => boolean;
  /** True once the caller has seen enough (e.g. the first violation). */
  readonly stop?: () => boolean;
}

export type StopReason = "exhausted" | "max-executions" | "deadline" | "requested";

export function budgetStop(b: Budget, executions: number): StopReason | null {
  if (executions >= b.maxExecutions) return "max-executions";
  if (b.stop?.()) return "requested";
  if (b.timeUp?.()) return "deadline";
  return null;
}
