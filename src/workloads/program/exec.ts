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

export function* execStep(w: World, ts: TaskState, s: Step): Proc<number> {
  const ret = yield* execBody(w, ts, s);
  if (s.label !== undefined) w.barriers.reach(w.k, ts.name, s.label);
  return ret;
}

function* execBody(w: World, ts: TaskState, s: Step): Proc<number> {
  switch (s.op) {
    case "mmap":
      return yield* execMmap(w, ts, s);
    case "munmap":
      return yield* execMunmap(w, ts, s);
    case "madvise":
      return yield* execMadvise(w, ts, s);
    case "pwrite":
    case "fallocate":
      return yield* execShmemWrite(w, ts, s);
    case "read":
      return yield* execRead(w, ts, s);
    case "touch":
      return yield* execTouch(w, ts, s);
    case "mlock2":
      return yield* execMlock2(w, ts, s);
    case "munlock":
      return yield* execMunlock(w, ts, s);
    case "mlockall":
      return yield* execMlockall(w, ts, s);
    case "munlockall":
      return yield* execMunlockall(w);
    case "process_vm_readv":
      return yield* execProcessVmReadv(w, ts, s);
    case "get_user_pages":
      return yield* execGetUserPages(w, ts, s);
    case "lru":
      return yield* execLru(w, ts, s);
    case "vmsplice":
      return yield* execVmsplice(w, ts, s);
    case "pipe_read":
      return yield* execPipeRead(w, ts, s);
    case "hold":
      return yield* execHold(w, ts, s);
    case "writeback":
      return yield* execWriteback(w, ts, s);
    case "khugepaged_scan":
      yield* khugepagedDoScan(w.k);
      return 0;
    case "io_uring_register":
      return yield* execIoUringRegister(w, ts, s);
    case "io_uring_unregister":
      return yield* execIoUringUnregister(w, ts, s);
    case "pin_user_pages":
      return yield* execPinUserPages(w, ts, s);
    case "unpin_user_pages":
      return yield* execUnpinUserPages(w, ts, s);
    default:
      return yield* execFlow(w, ts, s);
  }
}

type FlowStep = Extract<
  Step,
  { op: "sched_setaffinity" | "sleep" | "sleep_until" | "repeat" | "wait_for" | "join" }
>;

function* execFlow(w: World, ts: TaskState, s: FlowStep): Proc<number> {
  switch (s.op) {
    case "sched_setaffinity":
      yield* schedSetaffinity(w.k, s.cpu);
      return 0;
    case "sleep":
      if (s.ns > 0) yield sleepOp(s.ns);
      return 0;
    case "sleep_until":
      yield* sleepUntil(w.k, s.at_ns);
      return 0;
    case "repeat":
      for (let i = 0; i < s.times; i++) for (const inner of s.steps) yield* execStep(w, ts, inner);
      return 0;
    case "wait_for":
      yield* w.barriers.waitFor(w.k, s.task, s.task_label);
      return 0;
    case "join":
      yield* join(ts);
      return 0;
  }
}
