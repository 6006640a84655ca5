import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Engine } from "./engine.ts";
import { EventLog } from "./event_log.ts";
import { busyOp, type Proc, sleepOp, wait } from "./op.ts";
import { Prng } from "./prng.ts";
import { TimedStrategy } from "./timed.ts";
import { WaitQueue } from "./wait_queue.ts";

/** A workload whose interleaving depends on seeded step costs. */
function runWorkload(seed: number, tasks = 6, cpus = 3): string[] {
  const engine = new Engine(cpus, new TimedStrategy(seed));
  const log = new EventLog();
  engine.observers.push(log);
  const prng = new Prng(seed, 99);
  for (let t = 0; t < tasks; t++) {
    engine.spawn(
      `t${t}`,
      t % cpus,
      (function* (): Proc {
        for (let i = 0; i < 5; i++) {
          yield 1 + prng.nextInt(1000);
          if (engine.choose(2, "sleep?") === 1) yield sleepOp(prng.nextInt(500));
        }
      })(),
    );
  }
  engine.run();
  return log.lines;
}

describe("engine", () => {
  it("same seed, identical event log", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(runWorkload(seed)).toEqual(runWorkload(seed));
      }),
      { numRuns: 50 },
    );
  });

  it("different seeds give different interleavings where the workload allows them", () => {
    const logs = new Set<string>();
    for (let seed = 0; seed < 20; seed++) logs.add(runWorkload(seed).join("\n"));
    expect(logs.size).toBeGreaterThan(15);
  });

  it("runs one task at a time per CPU: a second task gets the CPU only at a preemption point", () => {
    const engine = new Engine(1, new TimedStrategy(1));
    const order: string[] = [];
    engine.spawn(
      "hog",
      0,
      (function* (): Proc {
        order.push("hog-1");
        yield busyOp(100); // no preemption point: the worker must not run in between
        order.push("hog-2");
        yield 100;
        order.push("hog-3");
      })(),
    );
    engine.spawn(
      "worker",
      0,
      (function* (): Proc {
        order.push("worker");
        yield 10;
      })(),
    );
    engine.run();
    expect(order).toEqual(["hog-1", "hog-2", "worker", "hog-3"]);
  });

  it("time advances by step costs and sleeps; CPUs run in parallel", () => {
    const engine = new Engine(2, new TimedStrategy(1));
    const seen: Record<string, number> = {};
    engine.spawn(
      "a",
      0,
      (function* (): Proc {
        yield 500;
        seen.a = engine.now_ns;
      })(),
    );
    engine.spawn(
      "b",
      1,
      (function* (): Proc {
        yield sleepOp(300);
        seen.b = engine.now_ns;
      })(),
    );
    engine.run();
    expect(seen).toEqual({ a: 500, b: 300 });
  });

  it("wait returns true when woken, false on timeout", () => {
    const engine = new Engine(2, new TimedStrategy(1));
    const q = new WaitQueue("q");
    const results: [string, boolean, number][] = [];
    engine.spawn(
      "waiter-woken",
      0,
      (function* (): Proc {
        results.push(["woken", yield* wait(q, 10_000), engine.now_ns]);
      })(),
    );
    engine.spawn(
      "waker",
      1,
      (function* (): Proc {
        yield 2_000;
        engine.wakeAll(q);
      })(),
    );
    engine.spawn(
      "waiter-timeout",
      1,
      (function* (): Proc {
        yield sleepOp(5_000);
        const q2 = new WaitQueue("never");
        results.push(["timeout", yield* wait(q2, 1_000), engine.now_ns]);
      })(),
    );
    engine.run();
    // "waiter-timeout" shares CPU 1 with the waker, so it first runs at the waker's preemption
    // point (t=2000): sleeps until 7000, then times out at 8000.
    expect(results).toEqual([
      ["woken", true, 2_000],
      ["timeout", false, 8_000],
    ]);
  });

  it("records each step's footprint only when asked", () => {
    const engine = new Engine(1, new TimedStrategy(1));
    const footprints: number[][] = [];
    engine.observers.push({ afterStep: (e) => footprints.push([...e.footprint]) });
    engine.spawn(
      "t",
      0,
      (function* (): Proc {
        engine.access(7, false);
        yield 1;
        engine.access(9, true);
        yield 1;
      })(),
    );
    engine.recordAccess = true;
    engine.run();
    expect(footprints.slice(0, 2)).toEqual([[7], [-10]]);
  });

  it("runs a body that is not a generator (a hand-written iterator) like the generator it mimics", () => {
    // The engine resumes generators through %GeneratorPrototype%.next directly; any other body
    // must still go through its own next().
    const run = (hand: boolean) => {
      const engine = new Engine(1, new TimedStrategy(1));
      const log = new EventLog();
      engine.observers.push(log);
      const sleeps = [300, 50, 700];
      function* gen(): Proc<string> {
        for (const ns of sleeps) expect(yield sleepOp(ns)).toBe(undefined);
        return "done";
      }
      let i = 0;
      const iterator = {
        next: (): IteratorResult<ReturnType<typeof sleepOp>, string> =>
          i < sleeps.length ? { done: false, value: sleepOp(sleeps[i++]!) } : { done: true, value: "done" },
      } as unknown as Proc<string>;
      engine.spawn(
        "other",
        0,
        (function* (): Proc {
          yield sleepOp(100);
          yield 20;
        })(),
      );
      engine.spawn("t", 0, hand ? iterator : gen());
      engine.run();
      return [engine.now_ns, ...log.lines];
    };
    expect(run(true)).toEqual(run(false));
    expect(run(true)[0]).toBe(1_050);
  });
});
