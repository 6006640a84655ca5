import { describe, expect, it } from "vitest";
import { busyOp, sleepOp } from "../engine/op.ts";
import { Machine } from "../lab/run/machine.ts";
import type { Kernel } from "./kernel.ts";
import { KernelBug } from "./mmdebug.ts";
import { flushWork, initWork, queueWorkOn, WorkStruct } from "./workqueue.ts";

/** A work function that records where and when it ran. */
function recorder(runs: { cpu: number; at_ns: number }[], cost_ns = 100) {
  return (k: Kernel) => {
    runs.push({ cpu: k.current().cpu, at_ns: k.now_ns() });
    return cost_ns;
  };
}

/**
 * CPU 1 runs a task whose first 600 µs are two steps without a preemption point; at 10 µs CPU 0
 * queues a work item on CPU 1 and flushes it. Returns when the work ran and the flush returned.
 */
function queueOnBusyCpu(busy: boolean) {
  const m = new Machine({ cpus: 2, kernel: "v6.17" });
  const runs: { cpu: number; at_ns: number }[] = [];
  const work = new WorkStruct(99);
  let flushed_ns = -1;
  let runsAtFlush = -1;
  if (busy) {
    m.spawn("hog", 1, null, function* () {
      yield busyOp(300_000);
      yield busyOp(300_000);
      yield 1_000; // the first preemption point
    });
  }
  m.spawn("queuer", 0, null, function* (k) {
    yield sleepOp(10_000);
    initWork(work, recorder(runs), "test_work_fn");
    expect(queueWorkOn(k, 1, work)).toBe(true);
    yield* flushWork(k, work);
    flushed_ns = k.now_ns();
    runsAtFlush = runs.length;
  });
  m.run();
  return { runs, flushed_ns, runsAtFlush };
}

describe("workqueue", () => {
  it("a work item runs on its CPU only once that CPU reaches a preemption point", () => {
    const idle = queueOnBusyCpu(false);
    const busy = queueOnBusyCpu(true);
    expect(idle.runs).toHaveLength(1);
    expect(idle.runs[0]!.cpu).toBe(1);
    expect(idle.runs[0]!.at_ns).toBeLessThan(600_000);
    expect(busy.runs).toHaveLength(1);
    expect(busy.runs[0]!.cpu).toBe(1);
    expect(busy.runs[0]!.at_ns).toBeGreaterThanOrEqual(601_000);
  });

  it("flush_work waits for the work: it returns after the work ran, however long the CPU was busy", () => {
    const { runs, flushed_ns, runsAtFlush } = queueOnBusyCpu(true);
    expect(runsAtFlush).toBe(1);
    expect(flushed_ns).toBeGreaterThanOrEqual(runs[0]!.at_ns);
  });

  it("queueing a pending work item again is a no-op: it runs once; once run, it can be queued anew", () => {
    const m = new Machine({ cpus: 2, kernel: "v6.17" });
    const runs: { cpu: number; at_ns: number }[] = [];
    const work = new WorkStruct(99);
    const queued: boolean[] = [];
    m.spawn("queuer", 0, null, function* (k) {
      initWork(work, recorder(runs), "test_work_fn");
      queued.push(queueWorkOn(k, 1, work), queueWorkOn(k, 1, work));
      yield* flushWork(k, work);
      queued.push(queueWorkOn(k, 1, work));
      yield* flushWork(k, work);
    });
    m.run();
    expect(queued).toEqual([true, false, true]);
    expect(runs).toHaveLength(2);
    expect(work.queued).toBe(2);
    expect(work.completed).toBe(2);
  });

  it("the traces name the work function INIT_WORK gave the work item", () => {
    const m = new Machine({ cpus: 2, kernel: "v6.17" });
    const seen: string[] = [];
    m.kernel.tracer = {
      emit: (ev) => {
        if (ev.type.startsWith("workqueue_") && "func" in ev) seen.push(`${ev.type} ${ev.func} ${ev.cpu}`);
      },
    };
    const work = new WorkStruct(5);
    m.spawn("queuer", 0, null, function* (k) {
      initWork(work, () => 0, "test_work_fn");
      queueWorkOn(k, 1, work);
      yield* flushWork(k, work);
    });
    m.run();
    expect(seen).toEqual([
      "workqueue_queue_work test_work_fn 0",
      "workqueue_execute_start test_work_fn 1",
      "workqueue_execute_end test_work_fn 1",
    ]);
  });

  it("INIT_WORK of a pending work item and queueing one without INIT_WORK are kernel BUGs", () => {
    const m = new Machine({ cpus: 2, kernel: "v6.17" });
    const work = new WorkStruct(99);
    const errors: unknown[] = [];
    m.spawn("queuer", 0, null, function* (k) {
      try {
        queueWorkOn(k, 1, work);
      } catch (e) {
        errors.push(e);
      }
      initWork(work, () => 0, "test_work_fn");
      queueWorkOn(k, 1, work);
      try {
        initWork(work, () => 0, "other_fn");
      } catch (e) {
        errors.push(e);
      }
      yield* flushWork(k, work);
    });
    m.run();
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e instanceof KernelBug)).toBe(true);
  });
});
