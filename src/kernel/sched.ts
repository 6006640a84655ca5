// kernel/sched/core.c: sched_setaffinity() of the calling task to one CPU. The kernel migrates
// the caller before the call returns, so its next step runs on the new CPU, whose per-CPU
// batches it then fills.

import { migrateOp, type Proc } from "../engine/op.ts";
import type { Kernel } from "./kernel.ts";

export function* schedSetaffinity(k: Kernel, cpu: number): Proc {
  const task = k.current();
  if (task.cpu === cpu) return;
  task.cpu = cpu;
  yield migrateOp(cpu);
}
