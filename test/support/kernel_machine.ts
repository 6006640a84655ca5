// Test helpers for the kernel's unit tests: a small machine (invariants checked after every step)
// with one anonymous vma, and a way to run a scripted task on it to the end.

import type { Proc } from "../../src/engine/op.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { handleMmFault } from "../../src/kernel/memory.ts";
import type { Vma } from "../../src/kernel/mm.ts";
import { mmAlloc, mmapRegion } from "../../src/kernel/mmap.ts";
import type { ZoneLayout } from "../../src/kernel/page_alloc.ts";
import { lruAddDrain } from "../../src/kernel/swap.ts";
import { Machine } from "../../src/lab/run/machine.ts";

export interface AnonMachineOptions {
  readonly cpus?: number;
  readonly thp?: boolean;
  readonly zones?: Partial<ZoneLayout>;
}

/** A machine with an empty anonymous vma of `nrPages` (ZONE_MOVABLE is where faults land). */
export function anonMachine(kernel: string, nrPages: number, opts: AnonMachineOptions = {}) {
  const m = new Machine({ cpus: opts.cpus ?? 2, kernel, checkInvariants: true, zones: opts.zones });
  const mm = mmAlloc(m.kernel);
  const vma = mmapRegion(m.kernel, mm, { kind: "anon", nrPages, thp: opts.thp ?? false });
  return { m, k: m.kernel, vma };
}

/** Write-faults pages [from, from + n) of `vma`; returns the folio of each page. */
export function* faultIn(k: Kernel, vma: Vma, from: number, n: number): Proc<number[]> {
  const out: number[] = [];
  for (let i = from; i < from + n; i++) out.push(yield* handleMmFault(k, vma, vma.start + i, true));
  return out;
}

/** Faults `n` pages and drains this CPU's batches, so the folios sit on the LRU. */
export function* faultOntoLru(k: Kernel, vma: Vma, n: number): Proc<number[]> {
  const folios = yield* faultIn(k, vma, 0, n);
  yield* lruAddDrain(k);
  return folios;
}

/** Runs `body` as task "test" on `cpu` of `m` (in `vma`'s address space) and the machine to the end. */
export function runTask(m: Machine, vma: Vma, cpu: number, body: (k: Kernel) => Proc): void {
  m.spawn("test", cpu, vma.mm, (k) => body(k));
  m.run();
}
