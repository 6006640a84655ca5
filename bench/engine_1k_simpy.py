# engine-1k in SimPy 3.0.11 (Debian's python3-simpy3), for bench/run.ts to measure side by side
# with bench/engine_1k.ts: 1000 processes, each repeatedly sleeping an exponentially distributed
# time (mean 10 us, here in ns), until 1M wake-ups in total. Prints one JSON line; CPU time from
# time.process_time(), the same measure as process.cpuUsage() in the TypeScript bench.
import json
import random
import sys
import time

import simpy


def run(tasks=1000, wakeups=1_000_000, seed=1):
    env = simpy.Environment()
    rng = random.Random(seed)
    left = [wakeups]
    # The TypeScript bench stops the engine at the last wake-up; without this SimPy would go on
    # to wake each of the other 999 processes once more (and end them), uncounted.
    done = env.event()

    def sleeper():
        while left[0] > 0:
            yield env.timeout(rng.expovariate(1 / 10_000))
            left[0] -= 1
        if not done.triggered:
            done.succeed()

    for _ in range(tasks):
        env.process(sleeper())
    w0 = time.perf_counter()
    c0 = time.process_time()
    env.run(until=done)
    cpu_s = time.process_time() - c0
    wall_s = time.perf_counter() - w0
    # SimPy counts a process's start and each timeout as events; the TypeScript bench counts each
    # resumed step. Both are one resume per wake-up plus one per task start.
    events = wakeups + tasks
    return {
        "simpy": simpy.__version__,
        "python": sys.version.split()[0],
        "wakeups": wakeups,
        "events": events,
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "events_per_s": events / wall_s,
        "events_per_cpu_s": events / cpu_s,
    }


if __name__ == "__main__":
    print(json.dumps(run(*[int(a) for a in sys.argv[1:]])))
