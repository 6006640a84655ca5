// References others hold, and LRU traffic: process_vm_readv, get_user_pages, lru, vmsplice,
// pipe_read, and a driver's transient hold.

import type { Proc } from "../../engine/op.ts";
import { EFAULT } from "../../kernel/errno.ts";
import { getUserPages, putUserPages } from "../../kernel/gup.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { processVmRw } from "../../kernel/process_vm_access.ts";
import { pipeRead, vmspliceToPipe } from "../../kernel/splice.ts";
import {
  folioActivate,
  folioDeactivate,
  folioMarkAccessed,
  folioRotateReclaimable,
} from "../../kernel/swap.ts";
import type { HoldTime, LruOpName, Step } from "../../scenarios/program.ts";
import { folioAt, regionAddress } from "../region.ts";
import type { World } from "../world.ts";
import { type Held, holdThenRelease, startAsync } from "./async_op.ts";
import { selectPages } from "./pages.ts";
import type { TaskState } from "./task_state.ts";

type S<K extends Step["op"]> = Extract<Step, { op: K }>;

function holdNs(ts: TaskState, h: HoldTime): number {
  return h.kind === "fixed" ? h.ns : ts.draws.hold_ns(h.dist);
}

export function* execProcessVmReadv(w: World, ts: TaskState, s: S<"process_vm_readv">): Proc<number> {
  const r = w.mapped(s.region);
  if (r === null) return -EFAULT;
  const { first, count } = selectPages(ts, r.nrPages, s.pages);
  return yield* processVmRw(w.k, r.mm, regionAddress(r, first), count, holdNs(ts, s.hold));
}

/** get_user_pages_remote(FOLL_GET) held for a while: a reader copying out of the region. */
export function* execGetUserPages(w: World, ts: TaskState, s: S<"get_user_pages">): Proc<number> {
  const i = ts.gupOps++;
  const op = holdThenRelease(w.k, gupRead(w, ts, s, i), w.k.costs.gup_get_ns);
  if (s.async) yield* startAsync(w, ts, op);
  else yield* op;
  return 0;
}

function* gupRead(w: World, ts: TaskState, s: S<"get_user_pages">, i: number): Proc<Held | null> {
  const k = w.k;
  const r = w.mapped(s.region);
  if (r === null) return null;
  const { first, count } = selectPages(ts, r.nrPages, s.pages);
  const hold_ns = holdNs(ts, s.hold);
  const got: number[] = [];
  const n = yield* getUserPages(k, r.mm, regionAddress(r, first), count, got);
  if (n <= 0) return null;
  const label = `read ${i}`;
  const cpu = k.current().cpu;
  for (const folio of got)
    w.holds.add({ folio, actor: ts.name, kind: "gup-get", label, cpu, since_ns: k.now_ns() });
  return {
    hold_ns,
    release: () => {
      for (const folio of got) w.holds.remove(folio, label);
      putUserPages(k, got);
    },
  };
}

/** A driver's transient references (k.addTransient) on the pages present when it starts. */
export function* execHold(w: World, ts: TaskState, s: S<"hold">): Proc<number> {
  const i = ts.holdOps++;
  const op = holdThenRelease(w.k, transientHold(w, ts, s, i), w.k.costs.gup_get_ns);
  if (s.async) yield* startAsync(w, ts, op);
  else yield* op;
  return 0;
}

function* transientHold(w: World, ts: TaskState, s: S<"hold">, i: number): Proc<Held | null> {
  const k = w.k;
  const r = w.mapped(s.region);
  if (r === null) return null;
  const { first, count } = selectPages(ts, r.nrPages, s.pages);
  const label = `${ts.name} ${s.what} op ${i}`;
  const taken: number[] = [];
  for (let p = first; p < first + count; p++) {
    const f = folioAt(k, r, p);
    if (f < 0) continue; // not faulted, or under migration: the operation skips it
    k.addTransient(f, label);
    taken.push(f);
  }
  const hold_ns = holdNs(ts, s.hold);
  yield k.cost(k.costs.gup_get_ns * Math.max(1, taken.length));
  if (taken.length === 0) return null;
  return {
    hold_ns,
    release: () => {
      for (const f of taken) k.dropTransient(f, label);
    },
  };
}

const MIXED: readonly Exclude<LruOpName, "mixed">[] = ["mark-accessed", "activate", "deactivate", "rotate"];

/** One LRU operation per page; "mixed" draws the operation first, then the pages. */
export function* execLru(w: World, ts: TaskState, s: S<"lru">): Proc<number> {
  const k = w.k;
  const op = s.lru_op === "mixed" ? MIXED[ts.draws.int(MIXED.length, `${ts.name} lru op`)]! : s.lru_op;
  const r = w.regions.get(s.region);
  if (r === undefined) return -EFAULT;
  const { first, count } = selectPages(ts, r.nrPages, s.pages);
  let moved = 0;
  for (let p = first; p < first + count; p++) {
    const f = folioAt(k, r, p);
    if (f >= 0) moved += applyLruOp(k, op, f);
  }
  yield k.cost(count * k.costs.batch_add_ns + moved * k.costs.lru_move_per_folio_ns);
  return moved;
}

/** Returns the folios moved by an immediate batch drain (for the step's cost). */
function applyLruOp(k: Kernel, op: Exclude<LruOpName, "mixed">, f: number): number {
  switch (op) {
    case "mark-accessed":
      return folioMarkAccessed(k, f);
    case "activate":
      return folioActivate(k, f);
    case "deactivate":
      return folioDeactivate(k, f);
    case "rotate":
      return folioRotateReclaimable(k, f);
  }
}

export function* execVmsplice(w: World, ts: TaskState, s: S<"vmsplice">): Proc<number> {
  const r = w.mapped(s.region);
  if (r === null) return -EFAULT;
  const pipe = pipeOf(w, s.pipe);
  const { first, count } = selectPages(ts, r.nrPages, s.pages);
  const before = pipe.bufs.length;
  const n = yield* vmspliceToPipe(w.k, r.mm, pipe, regionAddress(r, first), count);
  labelPipeRefs(w, ts, pipe.name, pipe.bufs.slice(before));
  return n;
}

export function* execPipeRead(w: World, _ts: TaskState, s: S<"pipe_read">): Proc<number> {
  const pipe = pipeOf(w, s.pipe);
  for (const f of pipe.bufs) w.holds.remove(f, `pipe ${pipe.name}`);
  return yield* pipeRead(w.k, pipe);
}

function pipeOf(w: World, name: string) {
  let p = w.pipes.get(name);
  if (p === undefined) {
    p = { name, bufs: [] };
    w.pipes.set(name, p);
  }
  return p;
}

function labelPipeRefs(w: World, ts: TaskState, pipe: string, folios: readonly number[]): void {
  const k = w.k;
  const cpu = k.current().cpu;
  for (const folio of folios) {
    w.holds.add({ folio, actor: ts.name, kind: "gup-get", label: `pipe ${pipe}`, cpu, since_ns: k.now_ns() });
  }
}
