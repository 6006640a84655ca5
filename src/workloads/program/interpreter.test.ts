import { describe, expect, it } from "vitest";
import { machineWith, region, scenario } from "../../../test/support/workloads.ts";
import { LRU_ACTIVATE, LRU_ADD, LRU_DEACTIVATE, MLOCK_BATCH } from "../../kernel/folio_batch.ts";
import { PG_active, PG_lru, PG_referenced } from "../../kernel/folio_flags.ts";
import { H_GUP_GET, H_GUP_PIN, H_LRU_BATCH, H_TRANSIENT } from "../../kernel/holders.ts";
import { parseScenario } from "../../scenarios/parse.ts";
import type { Step, TaskSpec } from "../../scenarios/program.ts";
import type { Scenario } from "../../scenarios/scenario.ts";
import { folioAt } from "../region.ts";

const all = { kind: "all" } as const;
const range = (first: number, count: number) => ({ kind: "range", first, count }) as const;

function withTasks(tasks: TaskSpec[], over: Partial<Scenario> = {}): Scenario {
  return scenario([], {
    tasks,
    regions: [region({ name: "r", kind: "anon", size_bytes: 4 * 4096 })],
    ...over,
  });
}

function task(name: string, cpu: number, ...program: Step[]): TaskSpec {
  return { name, cpu, program };
}

describe("program interpreter", () => {
  it("a barrier orders steps on different CPUs exactly: the pin waits for the other CPU's faults", () => {
    const s = withTasks([
      task(
        "pinner",
        0,
        { op: "wait_for", task: "faulter", task_label: "faulted" },
        { op: "io_uring_register", region: "r", pages: all, ring: "ring" },
      ),
      task(
        "faulter",
        1,
        { op: "sleep", ns: 50_000 },
        { op: "touch", region: "r", pages: all, write: true, order: "sequential", label: "faulted" },
      ),
    ]);
    const { m, w } = machineWith(s, "v6.17");
    m.run();
    expect(w.pins).toHaveLength(1);
    expect(w.pins[0]!.start_ns).toBeGreaterThanOrEqual(50_000);
    expect(w.pins[0]!.ret).toBe(4);
    // Faulted on CPU 1 before the pin: the pin migrated them (they were not faulted by GUP).
    expect(m.kernel.counters.faults).toBe(4);
  });

  it("sched_setaffinity moves the task: its later faults fill the new CPU's lru_add batch", () => {
    const s = withTasks([
      task(
        "mover",
        0,
        { op: "touch", region: "r", pages: range(0, 1), write: true, order: "sequential" },
        { op: "sched_setaffinity", cpu: 2 },
        { op: "touch", region: "r", pages: range(1, 1), write: true, order: "sequential" },
      ),
    ]);
    const { m, w } = machineWith(s, "v6.17");
    m.run();
    const k = m.kernel;
    const r = w.region("r");
    expect(k.batches[0]![LRU_ADD]!.indexOf(folioAt(k, r, 0))).toBeGreaterThanOrEqual(0);
    expect(k.batches[2]![LRU_ADD]!.indexOf(folioAt(k, r, 1))).toBeGreaterThanOrEqual(0);
    expect(k.batches[0]![LRU_ADD]!.indexOf(folioAt(k, r, 1))).toBe(-1);
  });

  it("repeat runs its steps the given number of times; a region mmapped by a program is mapped then", () => {
    const s = withTasks([
      task(
        "t",
        1,
        { op: "mmap", region: "r" },
        { op: "repeat", times: 3, steps: [{ op: "read", file: "f", pages: 2 }] },
      ),
    ]);
    const { m, w } = machineWith(s, "v6.17");
    expect(w.mapped("r")).toBeNull(); // not mapped before the program runs
    m.run();
    expect(w.mapped("r")).not.toBeNull();
    expect(w.files.get("f")!.space.pages.filter((f) => f >= 0)).toHaveLength(6);
  });

  it("a second process_vm_readv of a page on the LRU queues it in the reader CPU's activate batch", () => {
    const s = withTasks([
      task(
        "t",
        1,
        { op: "touch", region: "r", pages: range(0, 1), write: true, order: "sequential" },
        { op: "read", file: "f", pages: 40 }, // flushes the lru_add batch: PG_lru set
        { op: "process_vm_readv", region: "r", pages: range(0, 1), hold: { kind: "fixed", ns: 0 } },
        { op: "process_vm_readv", region: "r", pages: range(0, 1), hold: { kind: "fixed", ns: 0 } },
      ),
    ]);
    const { m, w } = machineWith(s, "v6.1");
    m.run();
    const k = m.kernel;
    const f = folioAt(k, w.region("r"), 0);
    expect(k.batches[1]![LRU_ACTIVATE]!.indexOf(f)).toBeGreaterThanOrEqual(0);
    expect(k.folios.held(f, H_LRU_BATCH)).toBe(1);
    expect(k.folios.held(f, H_GUP_PIN)).toBe(0); // the short-term pins were released
    expect(k.folios.test(f, PG_referenced)).toBe(false);
  });

  it("MADV_COLD drains the local batches, then leaves active folios in this CPU's deactivate batch", () => {
    const s = withTasks([
      task(
        "t",
        1,
        { op: "touch", region: "r", pages: all, write: true, order: "sequential" },
        { op: "read", file: "f", pages: 40 },
        { op: "lru", region: "r", pages: all, lru_op: "activate" },
        { op: "madvise", region: "r", pages: all, advice: "cold" },
      ),
    ]);
    const { m, w } = machineWith(s, "v6.1");
    m.run();
    const k = m.kernel;
    for (let p = 0; p < 4; p++) {
      const f = folioAt(k, w.region("r"), p);
      expect(k.folios.test(f, PG_active)).toBe(true); // the activate batch was drained first
      expect(k.batches[1]![LRU_DEACTIVATE]!.indexOf(f)).toBeGreaterThanOrEqual(0);
    }
  });

  it("MADV_PAGEOUT with no swap puts each folio back through this CPU's lru_add batch, active", () => {
    const s = withTasks([
      task(
        "t",
        1,
        { op: "touch", region: "r", pages: range(0, 1), write: true, order: "sequential" },
        { op: "read", file: "f", pages: 40 },
        { op: "madvise", region: "r", pages: all, advice: "pageout" },
      ),
    ]);
    const { m, w } = machineWith(s, "v6.1");
    m.run();
    const k = m.kernel;
    const f = folioAt(k, w.region("r"), 0);
    expect(k.batches[1]![LRU_ADD]!.indexOf(f)).toBeGreaterThanOrEqual(0);
    expect(k.folios.test(f, PG_active)).toBe(true);
    expect(k.counters.nr_isolated_anon).toBe(0);
  });

  it("vmsplice references stay until the pipe is read, and pin attempts meanwhile fail", () => {
    const s = withTasks([
      task(
        "producer",
        1,
        { op: "touch", region: "r", pages: range(0, 1), write: true, order: "sequential" },
        { op: "vmsplice", region: "r", pages: range(0, 1), pipe: "p", label: "spliced" },
        { op: "sleep", ns: 1_000_000 },
        { op: "pipe_read", pipe: "p" },
      ),
      task(
        "ring",
        0,
        { op: "wait_for", task: "producer", task_label: "spliced" },
        { op: "io_uring_register", region: "r", pages: range(0, 1), ring: "ring" },
      ),
    ]);
    const { m, w } = machineWith(s, "v6.17");
    m.run();
    expect(w.pins[0]!.ret).toBeLessThan(0);
    const f = folioAt(m.kernel, w.region("r"), 0);
    expect(m.kernel.folios.held(f, H_GUP_GET)).toBe(0); // released by the read
  });

  it("async holds overlap and join waits for the last; each drops its transient references", () => {
    const hold = { kind: "fixed", ns: 100_000 } as const;
    const s = withTasks([
      task(
        "gpu",
        1,
        { op: "touch", region: "r", pages: all, write: true, order: "sequential" },
        { op: "hold", region: "r", pages: range(0, 2), hold, async: true, what: "op" },
        { op: "hold", region: "r", pages: range(1, 2), hold, async: true, what: "op" },
        { op: "join" },
        { op: "sleep", ns: 1, label: "joined" },
      ),
    ]);
    const { m, w } = machineWith(s, "v6.17");
    m.run();
    expect(m.kernel.now_ns()).toBeGreaterThanOrEqual(100_000);
    expect(m.kernel.now_ns()).toBeLessThan(200_000); // overlapped, not one after the other
    for (let p = 0; p < 4; p++)
      expect(m.kernel.folios.held(folioAt(m.kernel, w.region("r"), p), H_TRANSIENT)).toBe(0);
    expect(w.barriers.reached("gpu", "joined")).toBe(true);
  });

  it("pin_user_pages keeps its pins until unpin_user_pages of the same set", () => {
    const s = withTasks([
      task(
        "vfio",
        0,
        {
          op: "pin_user_pages",
          region: "r",
          pages: all,
          fast: false,
          longterm: true,
          write: true,
          as: "dma",
          what: "dma map",
        },
        { op: "sleep", ns: 1000, label: "pinned" },
        { op: "unpin_user_pages", pins: "dma" },
      ),
      task("observer", 1, { op: "wait_for", task: "vfio", task_label: "pinned" }),
    ]);
    const { m, w } = machineWith(s, "v6.17");
    m.run();
    expect(w.pins[0]!.ret).toBe(4);
    for (let p = 0; p < 4; p++)
      expect(m.kernel.folios.held(folioAt(m.kernel, w.region("r"), p), H_GUP_PIN)).toBe(0);
  });

  it("mlock2 onfault then faults queue every folio in this CPU's mlock batch", () => {
    const s = parseScenario(
      [
        "machine: {cpus: 2, movable: 64MiB}",
        "regions: [{name: g, kind: memfd, size: 16KiB}]",
        "tasks:",
        "  - {name: t, cpu: 1, program: [{mmap: g}, {mlock2: {region: g, onfault: true}}, {touch: g}]}",
      ].join("\n"),
      "t.yaml",
    );
    const { m, w } = machineWith(s, "v6.15");
    m.run();
    const k = m.kernel;
    for (let p = 0; p < 4; p++)
      expect(k.batches[1]![MLOCK_BATCH]!.indexOf(folioAt(k, w.region("g"), p))).toBeGreaterThanOrEqual(0);
    expect(k.folios.test(folioAt(k, w.region("g"), 0), PG_lru)).toBe(false);
  });
});
