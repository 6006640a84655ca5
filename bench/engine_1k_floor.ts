// engine-1k taken apart: what each layer of one wake-up costs, in ns of CPU time per event.
//   prng       the benchmark's own exponential draw (xoshiro128** + Math.log)
//   gen        1000 generators resumed round-robin, each yielding sleepOp(draw): the floor any
//              generator-based engine pays (resume, iterator result, the op object, the draw)
//   queue      the calendar queue alone at 1000 events: earliest out, re-armed at t + draw
//   bare-loop  gen and queue joined by the least a discrete-event loop does
//   engine-1k  the whole benchmark (bench/engine_1k.ts)
// Derived (of the mins, and of the medians): bare-loop - gen (the queue as the loop uses it; the
// queue row alone overstates it, its loop has nothing else to overlap with), engine-1k - bare-loop
// (what the engine adds: strategy, dispatch, task states, counters and hooks).
// Rounds alternate the parts, CPU time (process.cpuUsage), min and median of the rounds.

import { CalendarQueue } from "../src/engine/calendar_queue.ts";
import { OP_SLEEP, type Proc, sleepOp } from "../src/engine/op.ts";
import { Prng } from "../src/engine/prng.ts";
import { runEngine1k } from "./engine_1k.ts";

const TASKS = 1000;
const EVENTS = 1_000_000;

function cpuNs(fn: () => number): number {
  const c0 = process.cpuUsage();
  const n = fn();
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) * 1000) / n;
}

let sink = 0;

function prngOnly(): number {
  const prng = new Prng(1, 7);
  let s = 0;
  for (let i = 0; i < EVENTS; i++) s += prng.nextExponential(10_000);
  sink += s;
  return EVENTS;
}

function generators(): number {
  const prng = new Prng(1, 7);
  let left = EVENTS;
  let s = 0;
  function* sleeper(): Proc {
    while (left > 0) {
      yield sleepOp(prng.nextExponential(10_000));
      left--;
    }
  }
  const gens: Proc[] = [];
  for (let i = 0; i < TASKS; i++) gens.push(sleeper());
  let n = 0;
  for (let i = 0; left > 0; i = i + 1 === TASKS ? 0 : i + 1) {
    const r = gens[i]!.next();
    if (r.done) continue;
    const y = r.value;
    if (typeof y !== "number" && y.kind === OP_SLEEP) s += y.ns;
    n++;
  }
  sink += s;
  return n;
}

function queueOnly(): number {
  const prng = new Prng(1, 7);
  const q = new CalendarQueue();
  for (let i = 0; i < TASKS; i++) q.push(prng.nextExponential(10_000), -i - 1, 1);
  for (let i = 0; i < EVENTS; i++) {
    const slot = q.peek();
    const t = q.timeAt(slot);
    const p = q.payloadAt(slot);
    const tok = q.tokenAt(slot);
    q.take();
    q.push(t + prng.nextExponential(10_000), p, tok);
  }
  return EVENTS;
}

/** gen and queue joined by the least a discrete-event loop does: the floor of an engine built on them. */
function bareLoop(): number {
  const prng = new Prng(1, 7);
  const q = new CalendarQueue();
  let left = EVENTS;
  function* sleeper(): Proc {
    while (left > 0) {
      yield sleepOp(prng.nextExponential(10_000));
      left--;
    }
  }
  const gens: Proc[] = [];
  for (let i = 0; i < TASKS; i++) {
    gens.push(sleeper());
    q.push(0, i, 0);
  }
  const next = gens[0]!.next;
  let n = 0;
  while (left > 0) {
    const slot = q.peek();
    const now = q.timeAt(slot);
    const id = q.payloadAt(slot);
    q.take();
    const r = next.call(gens[id]!);
    n++;
    if (r.done) continue;
    const y = r.value;
    if (typeof y !== "number" && y.kind === OP_SLEEP) q.push(now + y.ns, id, 0);
  }
  return n;
}

function engine(): number {
  const r = runEngine1k(TASKS, EVENTS);
  return r.events;
}

const parts: [string, () => number][] = [
  ["prng", prngOnly],
  ["gen", generators],
  ["queue", queueOnly],
  ["bare-loop", bareLoop],
  ["engine-1k", engine],
];

export function engineFloor(rounds = 5): Record<string, { min_ns: number; median_ns: number }> {
  for (const [, fn] of parts) fn(); // warm-up
  const ns: Record<string, number[]> = {};
  for (const [name] of parts) ns[name] = [];
  for (let r = 0; r < rounds; r++) for (const [name, fn] of parts) ns[name]!.push(cpuNs(fn));
  const out: Record<string, { min_ns: number; median_ns: number }> = {};
  for (const [name, xs] of Object.entries(ns)) {
    xs.sort((a, b) => a - b);
    out[name] = { min_ns: xs[0]!, median_ns: xs[Math.floor(xs.length / 2)]! };
  }
  const derived = (name: string, plus: string, minus: string) => {
    out[name] = {
      min_ns: out[plus]!.min_ns - out[minus]!.min_ns,
      median_ns: out[plus]!.median_ns - out[minus]!.median_ns,
    };
  };
  derived("= queue in the loop", "bare-loop", "gen");
  derived("= engine", "engine-1k", "bare-loop");
  return out;
}

if (import.meta.main) {
  const out = engineFloor(Number(process.argv[2] ?? 5));
  for (const [k, v] of Object.entries(out))
    console.log(
      `${k.padEnd(10)} min ${v.min_ns.toFixed(1).padStart(6)} ns  median ${v.median_ns.toFixed(1).padStart(6)} ns`,
    );
  if (sink === 0) console.log("");
}
