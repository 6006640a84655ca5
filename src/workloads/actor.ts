// An actor is a task body: given the kernel and the task, a generator of steps.

import type { Proc } from "../engine/op.ts";
import type { Kernel, KTask } from "../kernel/kernel.ts";
import type { Mm } from "../kernel/mm.ts";

export type ActorBody = (k: Kernel, task: KTask) => Proc<unknown>;

/** Starts a task named `comm` on `cpu` in address space `mm` (Machine.spawn). */
export type SpawnFn = (comm: string, cpu: number, mm: Mm | null, body: ActorBody) => unknown;
