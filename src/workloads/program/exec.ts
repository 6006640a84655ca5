// Runs one step: dispatch by op to the file of its concept. Each returns what the call returned
// (pages, 0, or a negative errno), which a step source (an actor) may act on.

import { type Proc, sleepOp } from "../../engine/op.ts";
import { khugepagedDoScan } from "../../kernel/khugepaged.ts";
import { schedSetaffinity } from "../../kernel/sched.ts";
import type { Step } from "../../scenarios/program.ts";
import { sleepUntil } from "../timing.ts";
import type { World } from "../world.ts";
import { join } from "./async_op.ts";
import { execMadvise, execMmap, execMunmap, execRead, execShmemWrite } from "./exec_memory.ts";
import { execMlock2, execMlockall, execMunlock, execMunlockall } from "./exec_mlock.ts";
import {
  execIoUringRegister,
  execIoUringUnregister,
  execPinUserPages,
  execUnpinUserPages,
} from "./exec_pins.ts";
import {
  execGetUserPages,
  execHold,
  execLru,
  execPipeRead,
  execProcessVmReadv,
  execVmsplice,
} from "./exec_refs.ts";
import { execTouch } from "./exec_touch.ts";
import { execWriteback } from "./exec_writeback.ts";
import type { TaskState } from "./task_state.ts";

// execStep, execBody and execFlow are plain functions returning the step's own generator, not
// generators around it: a level that only passes values through costs every later resume of the
// step one more generator frame.

export function execStep(w: World, ts: TaskState, s: Step): Proc<number> {
  const body = execBody(w, ts, s);
  return s.label === undefined ? body : reachAfter(w, ts, s.label, body);
}

/** The step, then its label: what the barriers wait for. */
function* reachAfter(w: World, ts: TaskState, label: string, body: Proc<number>): Proc<number> {
  const ret = yield* body;
  w.barriers.reach(w.k, ts.name, label);
  return ret;
}

function execBody(w: World, ts: TaskState, s: Step): Proc<number> {
  switch (s.op) {
    case "mmap":
      return execMmap(w, ts, s);
    case "munmap":
      return execMunmap(w, ts, s);
    case "madvise":
      return execMadvise(w, ts, s);
    case "pwrite":
    case "fallocate":
      return execShmemWrite(w, ts, s);
    case "read":
      return execRead(w, ts, s);
    case "touch":
      return execTouch(w, ts, s);
    case "mlock2":
      return execMlock2(w, ts, s);
    case "munlock":
      return execMunlock(w, ts, s);
    case "mlockall":
      return execMlockall(w, ts, s);
    case "munlockall":
      return execMunlockall(w);
    case "process_vm_readv":
      return execProcessVmReadv(w, ts, s);
    case "get_user_pages":
      return execGetUserPages(w, ts, s);
    case "lru":
      return execLru(w, ts, s);
    case "vmsplice":
      return execVmsplice(w, ts, s);
    case "pipe_read":
      return execPipeRead(w, ts, s);
    case "hold":
      return execHold(w, ts, s);
    case "writeback":
      return execWriteback(w, ts, s);
    case "khugepaged_scan":
      return returnZero(khugepagedDoScan(w.k));
    case "io_uring_register":
      return execIoUringRegister(w, ts, s);
    case "io_uring_unregister":
      return execIoUringUnregister(w, ts, s);
    case "pin_user_pages":
      return execPinUserPages(w, ts, s);
    case "unpin_user_pages":
      return execUnpinUserPages(w, ts, s);
    default:
      return execFlow(w, ts, s);
  }
}

type FlowStep = Extract<
  Step,
  { op: "sched_setaffinity" | "sleep" | "sleep_until" | "repeat" | "wait_for" | "join" }
>;

function execFlow(w: World, ts: TaskState, s: FlowStep): Proc<number> {
  switch (s.op) {
    case "sched_setaffinity":
      return returnZero(schedSetaffinity(w.k, s.cpu));
    case "sleep":
      return sleepStep(s.ns);
    case "sleep_until":
      return sleepUntil(w.k, s.at_ns);
    case "repeat":
      return repeatSteps(w, ts, s.times, s.steps);
    case "wait_for":
      return returnZero(w.barriers.waitFor(w.k, s.task, s.task_label));
    case "join":
      return returnZero(join(ts));
  }
}

/** A call that returns nothing, as a step: it returned 0. */
function* returnZero(p: Proc<unknown>): Proc<number> {
  yield* p;
  return 0;
}

function* sleepStep(ns: number): Proc<number> {
  if (ns > 0) yield sleepOp(ns);
  return 0;
}

function* repeatSteps(w: World, ts: TaskState, times: number, steps: readonly Step[]): Proc<number> {
  for (let i = 0; i < times; i++) for (const inner of steps) yield* execStep(w, ts, inner);
  return 0;
}
