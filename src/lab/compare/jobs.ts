// The one shape of spread-out work: a job is a contiguous seed range of one (scenario, kernel)
// cell; an executor (worker threads, workers.ts; a queue, queue_jobs.ts) folds each job
// somewhere; the folds come back as WorkerReply and merge per cell in seed order, which gives
// exactly the fold of running every seed in one loop. Executors differ only in where jobs run.

import type { KernelConfig } from "../../kernel/config.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { LimitError, type Limits } from "../run/budget.ts";
import { type InvariantChecks, ModelInvariantError } from "../run/run.ts";
import { type Fold, type FoldWire, foldFromWire, foldToWire, mergeInto } from "./aggregate.ts";

export interface Job {
  readonly scenario: Scenario;
  readonly limits: Limits | undefined;
  readonly config: KernelConfig;
  readonly base: number;
  readonly first: number;
  readonly count: number;
  readonly invariants?: InvariantChecks;
}

/** A ModelInvariantError as it crosses a thread or machine boundary (the class is lost). */
export interface InvariantWire {
  readonly violation: string;
  readonly scenario: string;
  readonly kernel: string;
  readonly seed: number;
  readonly where: string;
}

export type WorkerReply =
  | { readonly kind: "run" }
  | { readonly kind: "fold"; readonly fold: FoldWire }
  /** A run hit a limit: the user's input, sent as data since an Error loses its class on the way. */
  | { readonly kind: "limit"; readonly message: string }
  | { readonly kind: "invariant"; readonly error: InvariantWire };

/** One experiment cell: a scenario (a sweep point) on one kernel. */
export interface Cell {
  readonly scenario: Scenario;
  readonly config: KernelConfig;
}

export interface Plan {
  readonly runs: number;
  readonly seed: number;
  readonly limits?: Limits;
  readonly invariants?: InvariantChecks;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Folds every job somewhere; one Fold per job, in the jobs' order. */
export type FoldExecutor = (
  jobs: readonly Job[],
  total: number,
  onProgress?: (done: number, total: number) => void,
) => Promise<Fold[]>;

/** Where jobs run, and how many seeds make one job there. */
export interface Spread {
  readonly execute: FoldExecutor;
  chunk(totalRuns: number): number;
}

/** Every cell's runs, cut into jobs of `chunk` seeds, folded by `execute`, merged per cell. */
export async function foldCells(
  cells: readonly Cell[],
  plan: Plan,
  chunk: number,
  execute: FoldExecutor,
): Promise<Fold[]> {
  const jobs: Job[] = [];
  const cellOf: number[] = [];
  cells.forEach((cell, c) => {
    for (let first = 0; first < plan.runs; first += chunk) {
      jobs.push({
        scenario: cell.scenario,
        limits: plan.limits,
        config: cell.config,
        base: plan.seed,
        first,
        count: Math.min(chunk, plan.runs - first),
        invariants: plan.invariants,
      });
      cellOf.push(c);
    }
  });
  const folds = await execute(jobs, plan.runs * cells.length, plan.onProgress);
  return cells.map((_, c) => mergeChunks(folds.filter((_, j) => cellOf[j] === c)));
}

function mergeChunks(chunks: Fold[]): Fold {
  const [head, ...rest] = chunks;
  for (const c of rest) mergeInto(head!, c);
  return head!;
}

/** The fold a reply carries, or the error it stands for, thrown as its own class again. */
export function foldOfReply(m: WorkerReply): Fold {
  if (m.kind === "fold") return foldFromWire(m.fold);
  if (m.kind === "limit") throw new LimitError(m.message);
  if (m.kind === "invariant") {
    const e = m.error;
    throw new ModelInvariantError(e.violation, e.scenario, e.kernel, e.seed, e.where);
  }
  throw new Error(`internal: a ${m.kind} reply carries no fold`);
}

/** The reply for a job that folded or failed with `e`; other errors are rethrown. */
export function replyOf(fold: Fold | null, e?: unknown): WorkerReply {
  if (fold !== null) return { kind: "fold", fold: foldToWire(fold) };
  if (e instanceof LimitError) return { kind: "limit", message: e.message };
  if (!(e instanceof ModelInvariantError)) throw e;
  const { violation, scenario, kernel, seed, where } = e;
  return { kind: "invariant", error: { violation, scenario, kernel, seed, where } };
}
