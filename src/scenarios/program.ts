// Scenario programs: a task's explicit, ordered list of steps at the level of what a user-space
// program or a driver does (mmap, touch, mlock2, io_uring registration, ...). Each step stands
// for one system call or kernel entry point; docs/programs.md names the kernel path of each.
// The stochastic actors generate the same steps, so one interpreter (workloads/program/) runs
// both, in the simulator and in the model checker.

import type { Duration_ns, HoldDistribution } from "./scenario.ts";

/**
 * Which region pages a step works on. `range`: pages first..first+count-1. `random`: `count`
 * contiguous pages starting at a page drawn when the step runs (the simulator draws it from the
 * task's seeded stream; the model checker enumerates the starts).
 */
export type PageSelection =
  | { readonly kind: "range"; readonly first: number; readonly count: number }
  | { readonly kind: "random"; readonly count: number }
  | { readonly kind: "all" };

/** A hold time: fixed, or drawn from a distribution when the step runs. */
export type HoldTime = { readonly kind: "fixed"; readonly ns: Duration_ns } | HoldDistributionTime;
export interface HoldDistributionTime {
  readonly kind: "drawn";
  readonly dist: HoldDistribution;
}

export type TouchOrder = "sequential" | "reverse" | "random";
export type MadviseAdvice = "hugepage" | "nohugepage" | "cold" | "pageout";
export type LruOpName = "activate" | "deactivate" | "rotate" | "mark-accessed" | "mixed";

interface OnRegion {
  readonly region: string;
  readonly pages: PageSelection;
}

export type StepBody =
  // memory
  | { readonly op: "mmap"; readonly region: string }
  | { readonly op: "munmap"; readonly region: string }
  | ({ readonly op: "madvise"; readonly advice: MadviseAdvice } & OnRegion)
  | ({ readonly op: "pwrite" } & OnRegion)
  | ({ readonly op: "fallocate" } & OnRegion)
  | { readonly op: "read"; readonly file: string; readonly pages: number }
  // touching
  | ({ readonly op: "touch"; readonly write: boolean; readonly order: TouchOrder } & OnRegion)
  // mlock
  | { readonly op: "mlock2"; readonly region: string; readonly onfault: boolean }
  | { readonly op: "munlock"; readonly region: string }
  | {
      readonly op: "mlockall";
      readonly current: boolean;
      readonly future: boolean;
      readonly onfault: boolean;
    }
  | { readonly op: "munlockall" }
  // LRU traffic and references held by others
  | ({ readonly op: "process_vm_readv"; readonly hold: HoldTime } & OnRegion)
  | ({ readonly op: "get_user_pages"; readonly hold: HoldTime; readonly async: boolean } & OnRegion)
  | ({ readonly op: "lru"; readonly lru_op: LruOpName } & OnRegion)
  | ({ readonly op: "vmsplice"; readonly pipe: string } & OnRegion)
  | { readonly op: "pipe_read"; readonly pipe: string }
  | ({
      readonly op: "hold";
      readonly hold: HoldTime;
      readonly async: boolean;
      readonly what: string;
    } & OnRegion)
  // I/O in flight: PG_writeback set on the pages' folios for a while
  | ({ readonly op: "writeback"; readonly hold: HoldTime } & OnRegion)
  // pins
  | ({ readonly op: "io_uring_register"; readonly ring: string } & OnRegion)
  | { readonly op: "io_uring_unregister"; readonly ring: string }
  | ({
      readonly op: "pin_user_pages";
      readonly fast: boolean;
      readonly longterm: boolean;
      readonly write: boolean;
      readonly as: string;
      /** What the pin is for, in reports ("stage-2 fault"): the pin's label is "<what> <n>". */
      readonly what: string;
    } & OnRegion)
  | { readonly op: "unpin_user_pages"; readonly pins: string }
  // kernel threads
  | { readonly op: "khugepaged_scan" }
  // placement and order
  | { readonly op: "sched_setaffinity"; readonly cpu: number }
  | { readonly op: "sleep"; readonly ns: Duration_ns }
  | { readonly op: "sleep_until"; readonly at_ns: Duration_ns }
  | { readonly op: "repeat"; readonly times: number; readonly steps: readonly Step[] }
  | { readonly op: "wait_for"; readonly task: string; readonly task_label: string }
  | { readonly op: "join" };

/** A step, with the label other tasks' `wait_for` may name. */
export type Step = StepBody & { readonly label?: string };
export type StepOp = Step["op"];

export interface TaskSpec {
  readonly name: string;
  /** The CPU the task starts on (sched_setaffinity moves it). */
  readonly cpu: number;
  readonly program: readonly Step[];
}

/** The region a step works on, if any. */
export function stepRegion(s: Step): string | null {
  return "region" in s ? s.region : null;
}
