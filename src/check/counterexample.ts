// A counterexample as data: the replayed schedule, step by step, with the CPU and task of each
// step, the kernel functions it ran, what happened to references, and the reference ledger of
// the folios it touched. report/counterexample.ts formats it.

import type { Engine } from "../engine/engine.ts";
import { isPreemption } from "../engine/explore/execution.ts";
import type { TimerPolicy } from "../engine/explore/executor.ts";
import { isTimer } from "../engine/explore/transition.ts";
import { TASK_DEAD } from "../engine/task.ts";
import { errnoName } from "../kernel/errno.ts";
import { flagNames } from "../kernel/folio_flags.ts";
import { HOLDER_NAMES, NR_HOLDERS } from "../kernel/holders.ts";
import type { Kernel, KTask } from "../kernel/kernel.ts";
import { isPinEntry, type TraceEvent } from "../kernel/trace.ts";
import type { World } from "../workloads/world.ts";
import { type HolderNote, HolderTracker } from "./holder.ts";
import { replaySchedule } from "./replay.ts";
import type { CheckTarget } from "./target.ts";

export interface LedgerLine {
  readonly folio: number;
  readonly refcount: number;
  readonly flags: string;
  readonly holders: readonly { readonly holder: string; readonly refs: number }[];
}

export interface CxStep {
  readonly index: number;
  readonly cpu: number;
  readonly task: string;
  readonly timer: boolean;
  readonly preemption: boolean;
  /** The task finished with this step. */
  readonly exited: boolean;
  /** Kernel functions open during the step, outermost first (entered ones included). */
  readonly functions: readonly string[];
  readonly notes: readonly string[];
  readonly ledger: readonly LedgerLine[];
  /** At the last failed refcount check of a folio: who holds the references beyond the expected. */
  readonly holders: readonly HolderNote[];
}

export interface Counterexample {
  readonly property: string;
  readonly message: string;
  /** The scenario's name. */
  readonly scenario: string;
  readonly kernel: string;
  readonly cpus: number;
  readonly folios: number;
  readonly steps: readonly CxStep[];
  readonly preemptions: number;
  readonly token: string;
  /** Steps and preemptions before shrinking. */
  readonly original: { readonly steps: number; readonly preemptions: number };
  readonly shrinkAttempts: number;
  /** The replayed schedule violated the property (a stale token may not). */
  readonly reproduced: boolean;
}

/** Replays `decisions` exactly with a tracer and describes each step up to the violation. */
export function describeSchedule(
  target: CheckTarget,
  timers: TimerPolicy,
  property: string,
  decisions: readonly number[],
): { steps: CxStep[]; message: string; preemptions: number; reproduced: boolean } {
  const rec = new StepRecorder();
  let engine: Engine | null = null;
  const { exec, outcome } = replaySchedule(target, timers, decisions, false, {
    stopAt: property,
    onBoot: (k) => {
      engine = k.engine;
      rec.attach(k);
    },
    onWorld: (_k, w) => rec.setWorld(w),
    onEvent: (k, i) => rec.endStep(k, i),
    onSetupDone: (k) => rec.forget(k),
  });
  const tasks = (engine as Engine | null)!.tasks;
  const v = outcome.violations.find((x) => x.property === property);
  const steps: CxStep[] = [];
  let preemptions = 0;
  const stacks = new Map<number, string[]>();
  exec.events.forEach((e, i) => {
    const task = tasks[e.task]!;
    const p = e.decision >= 0 ? exec.points[e.decision]! : null;
    const preemption = p !== null && isPreemption(p, e.transition);
    if (preemption) preemptions++;
    const info = rec.steps[i] ?? { funcs: [], notes: [], ledger: [], dead: [], holders: [] };
    const exited = info.dead.includes(e.task) && !(rec.steps[i - 1]?.dead.includes(e.task) ?? false);
    const pid = (task.data as KTask).pid;
    const stack = stacks.get(pid) ?? [];
    stacks.set(pid, stack);
    const functions = [...stack];
    for (const f of info.funcs) {
      if (f.type === "func_begin") {
        stack.push(f.func);
        functions.push(f.func);
      } else stack.pop();
    }
    const { notes, ledger } = info;
    steps.push({
      index: i + 1,
      cpu: task.cpu,
      task: task.name,
      timer: isTimer(e.transition),
      preemption,
      exited,
      functions,
      notes,
      ledger,
      holders: info.holders,
    });
  });
  return {
    steps: withHolders(steps),
    message: v?.message ?? "(the schedule no longer violates the property)",
    preemptions,
    reproduced: v !== undefined,
  };
}

/**
 * Keeps the holder notes of each folio's last failed check only (a failing pin retries ten times),
 * each holder naming the entry function of the step that took its reference.
 */
function withHolders(steps: CxStep[]): CxStep[] {
  const last = new Map<number, number>();
  for (const s of steps) for (const h of s.holders) last.set(h.folio, s.index);
  const via = (step: number | null): string | null =>
    step === null ? null : (steps[step - 1]?.functions[0] ?? null);
  return steps.map((s) => ({
    ...s,
    holders: s.holders
      .filter((h) => last.get(h.folio) === s.index)
      .map((h) => ({
        ...h,
        holders: h.holders.map((x) => (x.kind === "unnamed" ? x : { ...x, via: via(x.step) })),
      })),
  }));
}

type FuncEvent = Extract<TraceEvent, { type: "func_begin" | "func_end" }>;

interface StepInfo {
  /** Tasks dead after the step. */
  readonly dead: number[];
  readonly funcs: FuncEvent[];
  readonly notes: string[];
  readonly ledger: LedgerLine[];
  readonly holders: HolderNote[];
}

/** A tracer that cuts the event stream into steps. */
class StepRecorder {
  readonly steps: StepInfo[] = [];
  private buf: TraceEvent[] = [];
  private readonly tracker = new HolderTracker();
  private world: World | null = null;

  setWorld(w: World): void {
    this.world = w;
  }

  attach(k: Kernel): void {
    k.tracer = { emit: (ev) => this.buf.push(ev) };
  }

  /** Drops what setup emitted. */
  forget(k: Kernel): void {
    this.tracker.step(k, this.world, -1, this.buf);
    this.buf = [];
  }

  endStep(k: Kernel, index: number): void {
    const events = this.buf;
    this.buf = [];
    const funcs: FuncEvent[] = [];
    const notes: string[] = [];
    const folios: number[] = [];
    for (const ev of events) {
      if (ev.type === "func_begin" || ev.type === "func_end") {
        funcs.push(ev);
        if (ev.type === "func_end" && isPinEntry(ev.func))
          notes.push(`${ev.func}() = ${errnoName(ev.value)}`);
      } else describeEvent(ev, notes, folios);
    }
    const dead = k.engine.tasks.filter((t) => t.state === TASK_DEAD).map((t) => t.id);
    const holders = this.tracker.step(k, this.world, index, events);
    this.steps[index] = { dead, funcs, notes, ledger: folios.map((f) => ledgerLine(k, f)), holders };
  }
}

/** Notes about one folio in one step are joined: "f1 +1 pagecache, +1 lru-batch → lru_add@0". */
function describeEvent(ev: TraceEvent, notes: string[], folios: number[]): void {
  const note = (f: number, text: string): void => {
    if (!folios.includes(f)) folios.push(f);
    const last = notes.length - 1;
    const head = `f${f} `;
    if (last >= 0 && notes[last]!.startsWith(head)) notes[last] = `${notes[last]}, ${text}`;
    else notes.push(head + text);
  };
  switch (ev.type) {
    case "page_ref_mod":
      note(ev.folio, `${ev.val > 0 ? "+" : ""}${ev.val} ${ev.holder}`);
      return;
    case "collect_drain_decision":
      note(
        ev.folio,
        `drain? ${ev.action} (lru=${+ev.lru} mlocked=${+ev.mlocked} unevictable=${+ev.unevictable}; count ${ev.count} vs expected ${ev.expected}+${ev.extra_refs})`,
      );
      return;
    case "refcount_check":
      note(ev.folio, `refcount ${ev.count} ${ev.ok ? "=" : "≠"} expected ${ev.expected} (pass ${ev.pass})`);
      return;
    case "batch_enqueue":
      note(ev.folio, `→ ${ev.batch}@CPU${ev.batch_cpu}`);
      return;
    case "batch_release":
      note(ev.folio, `← ${ev.batch}@CPU${ev.batch_cpu}`);
      return;
    case "workqueue_queue_work":
      notes.push(`queue lru_add_drain_per_cpu on CPU ${ev.target_cpu}`);
      return;
    case "workqueue_execute_start":
      notes.push("lru_add_drain_per_cpu runs");
      return;
    case "mm_migrate_pages":
      notes.push(`migrate_pages: ${ev.succeeded} moved, ${ev.failed} failed`);
      return;
    default:
      return;
  }
}

/** The flags that matter on this path, as the kernel prints them. */
const SHOWN_FLAGS = new Set(["lru", "mlocked", "unevictable", "isolated", "locked", "active"]);

function ledgerLine(k: Kernel, f: number): LedgerLine {
  const t = k.folios;
  const holders: { holder: string; refs: number }[] = [];
  for (let h = 0; h < NR_HOLDERS; h++)
    if (t.held(f, h) > 0) holders.push({ holder: HOLDER_NAMES[h]!, refs: t.held(f, h) });
  const flags = flagNames(t.flags[f]!)
    .split("|")
    .filter((x) => SHOWN_FLAGS.has(x))
    .join("|");
  return { folio: f, refcount: t.refcount[f]!, flags, holders };
}
