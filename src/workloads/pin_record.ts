// One longterm pin call as its caller saw it, and the helper that measures it. Latency is virtual
// time from entering pin_user_pages*() to its return, waits and drains included.
//
// Per-pin drain and retry counts are the change in the kernel's global counters across the call.
// They are exact when one task pins at a time (every built-in scenario); with concurrent pinners
// a pin's figures include drains the others did meanwhile.

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
  w.onPinResult?.(rec);
  return rec;
}

function callerErrno(ret: number, nr: number): number {
  if (ret < 0) return ret;
  return ret === nr ? 0 : -EFAULT;
}

function snapshot(k: Kernel): { t_ns: number; outer: number; local: number; global: number } {
  const c = k.counters;
  return { t_ns: k.now_ns(), outer: c.outer_retries, local: c.drains_local, global: c.drains_global };
}
