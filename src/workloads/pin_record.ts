// One longterm pin call as its caller saw it, and the helper that measures it. Latency is virtual
// time from entering pin_user_pages*() to its return, waits and drains included.
//
// A pin's drains are those its own task made during the call (another task's lru_add_drain_all(),
// such as khugepaged's, is not the pin's). Its outer retries are the change in the kernel's
// counter across the call: exact when one task pins at a time (every built-in scenario).

import type { Proc } from "../engine/op.ts";
import { EFAULT } from "../kernel/errno.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { World } from "./world.ts";

export interface PinRecord {
  readonly actor: string;
  /** The actor's n-th pin call, from 0: with `actor`, names the call across kernels. */
  readonly seq: number;
  readonly cpu: number;
  readonly region: string;
  /** First region page pinned (page offset in the region). */
  readonly page: number;
  readonly nr_pages: number;
  /** What pin_user_pages*() returned: pages pinned or a negative errno. */
  readonly ret: number;
  /** What the caller reports: 0, or a negative errno (-EFAULT for a short pin, as KVM and io_uring do). */
  readonly errno: number;
  readonly start_ns: number;
  readonly latency_ns: number;
  readonly outer_retries: number;
  readonly drains_local: number;
  readonly drains_global: number;
}

export interface PinCall {
  readonly actor: string;
  readonly seq: number;
  readonly region: string;
  readonly page: number;
  readonly nr_pages: number;
}

/** Runs one pin call, records it in the world and returns the record. */
export function* measuredPin(w: World, call: PinCall, pin: () => Proc<number>): Proc<PinRecord> {
  const k = w.k;
  const before = snapshot(k);
  w.pinsInFlight++;
  const ret = yield* pin();
  w.pinsInFlight--;
  const after = snapshot(k);
  const rec: PinRecord = {
    ...call,
    cpu: k.current().cpu,
    ret,
    errno: callerErrno(ret, call.nr_pages),
    start_ns: before.t_ns,
    latency_ns: after.t_ns - before.t_ns,
    outer_retries: after.outer - before.outer,
    drains_local: after.local - before.local,
    drains_global: after.global - before.global,
  };
  w.pins.push(rec);
  w.onPinResult?.pinResult(rec);
  return rec;
}

function callerErrno(ret: number, nr: number): number {
  if (ret < 0) return ret;
  return ret === nr ? 0 : -EFAULT;
}

function snapshot(k: Kernel): { t_ns: number; outer: number; local: number; global: number } {
  const d = k.current().drains;
  return { t_ns: k.now_ns(), outer: k.counters.outer_retries, local: d.local, global: d.global };
}
