// Chrome trace-event objects (the "JSON Object Format" of the Trace Event Format spec), built
// with a fixed key order so the serialized output is byte-stable. Times are µs numbers: ts and
// dur are computed from integer ns (ns / 1000), and Perfetto rounds µs×1000 back to the same ns,
// so a child's end never drifts past its parent's. `where` is the (pid, tid) an event lands on.

export type ArgValue = string | number | boolean;
export type Args = Readonly<Record<string, ArgValue>>;

export interface ChromeEvent {
  readonly name: string;
  readonly cat?: string;
  readonly ph: string;
  readonly ts?: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly id?: string;
  readonly bp?: "e";
  readonly s?: "t";
  readonly args?: Args;
}

export interface Where {
  readonly pid: number;
  readonly tid: number;
}

const NS_PER_US = 1000;

export function usFromNs(t_ns: number): number {
  return t_ns / NS_PER_US;
}

/** Async and flow ids as the spec's hex strings (Perfetto parses string ids as hex). */
export function hexId(n: number): string {
  return `0x${n.toString(16)}`;
}

export function completeSlice(
  name: string,
  cat: string,
  start_ns: number,
  dur_ns: number,
  where: Where,
  args: Args,
): ChromeEvent {
  return { name, cat, ph: "X", ts: usFromNs(start_ns), dur: usFromNs(dur_ns), ...where, args };
}

/** Thread-scoped instant. */
export function instant(name: string, cat: string, t_ns: number, where: Where, args: Args): ChromeEvent {
  return { name, cat, ph: "i", ts: usFromNs(t_ns), ...where, s: "t", args };
}

/** A counter sample; Perfetto names the track "<name> <arg key>". JSON has no NaN: garbage is 0. */
export function counter(name: string, t_ns: number, where: Where, key: string, value: number): ChromeEvent {
  const finite = Number.isFinite(value) ? value : 0;
  return { name, ph: "C", ts: usFromNs(t_ns), ...where, args: { [key]: finite } };
}

export function asyncEdge(
  ph: "b" | "e",
  name: string,
  cat: string,
  id: number,
  t_ns: number,
  where: Where,
  args: Args,
): ChromeEvent {
  return { name, cat, ph, ts: usFromNs(t_ns), ...where, id: hexId(id), args };
}

/** Flow start ("s") or finish ("f", bound to the enclosing slice: bp "e"). */
export function flowEdge(
  ph: "s" | "f",
  name: string,
  cat: string,
  id: number,
  t_ns: number,
  where: Where,
): ChromeEvent {
  const base = { name, cat, ph, ts: usFromNs(t_ns), ...where, id: hexId(id) };
  return ph === "f" ? { ...base, bp: "e" } : base;
}

export function metadata(name: string, where: Where, args: Args): ChromeEvent {
  return { name, ph: "M", ...where, args };
}
