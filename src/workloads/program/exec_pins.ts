// Pins: io_uring buffer registration and unregistration, and pin_user_pages() / unpin as the
// in-kernel callers (pKVM, VFIO, RDMA) make them. Longterm pins are measured (PinRecord) and
// their pins are named in the hold registry, so explanations can say whose pin it is.

import type { Proc } from "../../engine/op.ts";
import { EBUSY, EFAULT, ENXIO } from "../../kernel/errno.ts";
import {
  FOLL_LONGTERM,
  FOLL_WRITE,
  pinUserPages,
  pinUserPagesFast,
  unpinUserPages,
} from "../../kernel/gup.ts";
import type { Step } from "../../scenarios/program.ts";
import { measuredPin } from "../pin_record.ts";
import { regionAddress } from "../region.ts";
import type { World } from "../world.ts";
import { selectPages } from "./pages.ts";
import type { HeldPages, TaskState } from "./task_state.ts";

type S<K extends Step["op"]> = Extract<Step, { op: K }>;

interface PinCallSpec {
  readonly region: string;
  readonly first: number;
  readonly count: number;
  readonly flags: number;
  readonly fast: boolean;
}

/** One pin call, measured when longterm; returns the record's ret and the folios pinned. */
function* pinCall(
  w: World,
  ts: TaskState,
  c: PinCallSpec,
): Proc<{ ret: number; errno: number; pages: number[] }> {
  const k = w.k;
  const r = w.mapped(c.region);
  const pages: number[] = [];
  const addr = r === null ? -1 : regionAddress(r, c.first);
  const pin = () =>
    r === null
      ? fault()
      : c.fast
        ? pinUserPagesFast(k, addr, c.count, c.flags, pages)
        : pinUserPages(k, addr, c.count, c.flags, pages);
  if (!(c.flags & FOLL_LONGTERM)) {
    const ret = yield* pin();
    return { ret, errno: ret === c.count ? 0 : ret < 0 ? ret : -EFAULT, pages };
  }
  const call = { actor: ts.name, seq: ts.pinCalls++, region: c.region, page: c.first, nr_pages: c.count };
  const rec = yield* measuredPin(w, call, pin);
  w.pinPages.push(rec.ret > 0 ? pages.slice(0, rec.ret) : []);
  return { ret: rec.ret, errno: rec.errno, pages };
}

/** A pin of a region that is not mapped: GUP finds no VMA. */
function* fault(): Proc<number> {
  yield 0;
  return -EFAULT;
}

/** Names each pinned folio in the registry under `label`. */
function recordPins(w: World, ts: TaskState, label: string, folios: readonly number[]): HeldPages {
  const k = w.k;
  const cpu = k.current().cpu;
  for (const folio of folios)
    w.holds.add({ folio, actor: ts.name, kind: "gup-pin", label, cpu, since_ns: k.now_ns() });
  return { label, folios };
}

function releasePins(w: World, held: HeldPages): void {
  for (const folio of held.folios) w.holds.remove(folio, held.label);
  unpinUserPages(w.k, held.folios);
}

/** IORING_REGISTER_BUFFERS: a short pin is dropped and the registration fails (-EFAULT). */
export function* execIoUringRegister(w: World, ts: TaskState, s: S<"io_uring_register">): Proc<number> {
  if (ts.rings.has(s.ring)) return -EBUSY;
  const r = w.mapped(s.region);
  const { first, count } = r === null ? { first: 0, count: 1 } : selectPages(ts, r.nrPages, s.pages);
  const i = ts.registrations++;
  const flags = FOLL_WRITE | FOLL_LONGTERM;
  const got = yield* pinCall(w, ts, { region: s.region, first, count, flags, fast: true });
  if (got.errno !== 0) {
    if (got.ret > 0) unpinUserPages(w.k, got.pages.slice(0, got.ret));
    return got.errno;
  }
  ts.rings.set(s.ring, recordPins(w, ts, `registration ${i}`, got.pages));
  return 0;
}

export function* execIoUringUnregister(w: World, ts: TaskState, s: S<"io_uring_unregister">): Proc<number> {
  const held = ts.rings.get(s.ring);
  ts.rings.delete(s.ring);
  if (held !== undefined) releasePins(w, held);
  yield w.k.cost((held?.folios.length ?? 0) * w.k.costs.gup_per_page_ns);
  return held === undefined ? -ENXIO : 0;
}

/** An in-kernel pin_user_pages() caller: keeps a full pin, drops a short one. */
export function* execPinUserPages(w: World, ts: TaskState, s: S<"pin_user_pages">): Proc<number> {
  const r = w.mapped(s.region);
  const { first, count } = r === null ? { first: 0, count: 1 } : selectPages(ts, r.nrPages, s.pages);
  const flags = (s.write ? FOLL_WRITE : 0) | (s.longterm ? FOLL_LONGTERM : 0);
  const seq = ts.pinCalls;
  const got = yield* pinCall(w, ts, { region: s.region, first, count, flags, fast: s.fast });
  if (got.ret !== count) {
    if (got.ret > 0) unpinUserPages(w.k, got.pages.slice(0, got.ret));
    return got.ret;
  }
  const held = recordPins(w, ts, `${s.what} ${seq}`, got.pages);
  const set = ts.pinSets.get(s.as) ?? [];
  set.push(held);
  ts.pinSets.set(s.as, set);
  return got.ret;
}

export function* execUnpinUserPages(w: World, ts: TaskState, s: S<"unpin_user_pages">): Proc<number> {
  const set = ts.pinSets.get(s.pins) ?? [];
  ts.pinSets.delete(s.pins);
  for (const held of set) releasePins(w, held);
  const n = set.reduce((a, h) => a + h.folios.length, 0);
  if (n > 0) yield w.k.cost(n * w.k.costs.gup_per_page_ns);
  return n;
}
