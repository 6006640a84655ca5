// engine-1k: SimPy's classic process-interaction loop. 1000 tasks, each repeatedly sleeping an
// exponentially distributed virtual time (mean 10 µs), until 1M wake-ups in total.

import { Engine } from "../src/engine/engine.ts";
import { type Proc, sleepOp } from "../src/engine/op.ts";
import { Prng } from "../src/engine/prng.ts";
import { TimedStrategy } from "../src/engine/timed.ts";

export interface EngineBenchResult {
  wakeups: number;
  events: number;
  wall_s: number;
  /** CPU time of this process (process.cpuUsage) over the run: the figure to compare on a shared machine. */
  cpu_s: number;
  events_per_s: number;
  events_per_cpu_s: number;
}

export function runEngine1k(tasks = 1000, wakeups = 1_000_000, cpus = 2, seed = 1): EngineBenchResult {
  const strategy = new TimedStrategy(seed);
  const engine = new Engine(cpus, strategy);
  const prng = new Prng(seed, 7);
  let left = wakeups;
  function* sleeper(): Proc {
    while (left > 0) {
      yield sleepOp(prng.nextExponential(10_000));
      left--;
    }
    engine.stop();
  }
  for (let i = 0; i < tasks; i++) engine.spawn(`t${i}`, i % cpus, sleeper());
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  engine.run();
  const c = process.cpuUsage(c0);
  const wall_s = (performance.now() - t0) / 1000;
  const cpu_s = (c.user + c.system) / 1e6;
  const events = engine.stepsExecuted;
  return { wakeups, events, wall_s, cpu_s, events_per_s: events / wall_s, events_per_cpu_s: events / cpu_s };
}

if (import.meta.main) {
  runEngine1k(1000, 200_000); // warm-up: JIT tiers, heap sizing
  for (let i = 0; i < 3; i++) console.log(JSON.stringify(runEngine1k()));
}
