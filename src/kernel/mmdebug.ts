// include/linux/mmdebug.h: the assertions mm code states its pre- and postconditions with.
// A firing one throws KernelBug: `pinsim check` reports it as the no-kernel-bug property with a
// replayable counterexample (any error a step throws is). pinsim treats a warning like a BUG:
// past a state the kernel warns about, the model's answers mean nothing.
// They run on every step of every run and of the checker: callers pass constant strings, and
// nothing here allocates unless an assertion fires.

import { flagNames } from "./folio_flags.ts";
import { HOLDER_NAMES, NR_HOLDERS } from "./holders.ts";
import type { Kernel } from "./kernel.ts";

export class KernelBug extends Error {}

export function VM_BUG_ON(cond: boolean, what: string): void {
  if (cond) throw new KernelBug(`kernel BUG: ${what}`);
}

/** VM_BUG_ON_FOLIO(): as VM_BUG_ON, with the folio dumped (dump_page) into the message. */
export function VM_BUG_ON_FOLIO(cond: boolean, k: Kernel, f: number, what: string): void {
  if (cond) throw new KernelBug(`kernel BUG: ${what}: ${dumpFolio(k, f)}`);
}

export function VM_WARN_ON_ONCE(cond: boolean, what: string): void {
  if (cond) throw new KernelBug(`WARNING: ${what}`);
}

export function VM_WARN_ON_ONCE_FOLIO(cond: boolean, k: Kernel, f: number, what: string): void {
  if (cond) throw new KernelBug(`WARNING: ${what}: ${dumpFolio(k, f)}`);
}

/** dump_page(), with pinsim's reference ledger. */
export function dumpFolio(k: Kernel, f: number): string {
  const t = k.folios;
  if (f < 0 || f >= t.count) return `folio ${f} (no such folio)`;
  const holders: string[] = [];
  for (let h = 0; h < NR_HOLDERS; h++)
    if (t.held(f, h) > 0) holders.push(`${HOLDER_NAMES[h]}:${t.held(f, h)}`);
  return (
    `folio ${f} refcount:${t.refcount[f]} mapcount:${t.mapcount[f]} pincount:${t.pincount[f]} ` +
    `order:${t.order[f]} flags:${flagNames(t.flags[f]!) || "none"} holders:${holders.join(",") || "none"}`
  );
}
