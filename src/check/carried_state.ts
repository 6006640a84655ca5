// What a task carries from one program step to the next, hashed for the visited-state cache's
// "reads" fingerprint (fingerprint.ts). At a step boundary the kernel path that ran the step has
// returned, so its locals are gone; what is left is the step source's own state (a function of
// the results, draws and times it saw: the boundary chain), the program's TaskState (its pins,
// rings, operations in flight, call counters, file offsets) and the task's KTask fields.

import type { KTask } from "../kernel/kernel.ts";
import { TaskState } from "../workloads/program/task_state.ts";
import type { Hasher } from "./key_state.ts";

export function hashCarried(h: Hasher, carried: object | null): void {
  if (!(carried instanceof TaskState)) {
    h.add(carried === null ? 0 : 1);
    return;
  }
  for (const [name, sets] of carried.pinSets) {
    h.addString(name);
    for (const held of sets) hashHeld(h, held.label, held.folios);
    h.add(-2);
  }
  for (const [name, ring] of carried.rings) {
    h.addString(name);
    hashHeld(h, ring.label, ring.folios);
  }
  h.add(carried.inFlight);
  h.add(carried.pinCalls);
  h.add(carried.registrations);
  h.add(carried.holdOps);
  h.add(carried.gupOps);
  for (const [file, offset] of carried.fileOffsets) {
    h.addString(file);
    h.add(offset);
  }
}

/** The KTask fields a task keeps across its steps (kernel/kernel.ts). */
export function hashKTask(h: Hasher, kt: KTask): void {
  h.add(kt.cpu);
  h.add(+kt.pfMemallocPin);
  h.add(kt.drains.local);
  h.add(kt.drains.global);
}

function hashHeld(h: Hasher, label: string, folios: readonly number[]): void {
  h.addString(label);
  for (const f of folios) h.add(f);
  h.add(-1);
}
