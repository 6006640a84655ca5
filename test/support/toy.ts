// A tiny subject for testing the explorer: tasks that read and write shared integer cells
// (recording their footprints), optionally block on a wait queue until a cell is set, and sleep.
// The final state is every cell plus every task's local accumulator, so two orders that differ
// in effect end in different states.

import { Engine } from "../../src/engine/engine.ts";
import type { EndReason, Run, Subject } from "../../src/engine/explore/subject.ts";
import { type Proc, sleepOp, wait } from "../../src/engine/op.ts";
import type { Strategy } from "../../src/engine/strategy.ts";
import { WaitQueue } from "../../src/engine/wait_queue.ts";

export type ToyOp =
  | { readonly kind: "read"; readonly cell: number }
  | { readonly kind: "write"; readonly cell: number }
  /** Block until cell != 0 (then read it). */
  | { readonly kind: "await"; readonly cell: number }
  /** Set cell to 1 and wake every waiter. */
  | { readonly kind: "signal"; readonly cell: number }
  | { readonly kind: "sleep"; readonly ns: number }
  | { readonly kind: "choose"; readonly n: number }
  /** A non-atomic increment: read in one step, write the value + 1 in the next (lost updates). */
  | { readonly kind: "inc"; readonly cell: number };

export interface ToyTask {
  readonly cpu: number;
  readonly ops: readonly ToyOp[];
}

export interface ToyProgram {
  readonly cpus: number;
  readonly cells: number;
  readonly tasks: readonly ToyTask[];
  /** A final state this predicate rejects is a "bug". */
  readonly bad?: (cells: Int32Array) => boolean;
}

export interface ToyResults {
  readonly finals: Set<string>;
  ends: number;
  bugs: number;
  readonly reasons: Map<EndReason, number>;
  readonly bugSchedules: number[][];
}

export function toyResults(): ToyResults {
  return { finals: new Set(), ends: 0, bugs: 0, reasons: new Map(), bugSchedules: [] };
}

export function toySubject(prog: ToyProgram, results: ToyResults): Subject {
  return { start: (strategy) => startToy(prog, results, strategy) };
}

function startToy(prog: ToyProgram, results: ToyResults, strategy: Strategy): Run {
  const engine = new Engine(prog.cpus, strategy);
  const cells = new Int32Array(prog.cells);
  const queues = Array.from({ length: prog.cells }, (_, i) => new WaitQueue(`toy:${i}`));
  const acc: number[] = [];
  prog.tasks.forEach((t, id) => {
    acc.push(id + 1);
    engine.spawn(`toy${id}`, t.cpu, body(engine, t, id, cells, queues, acc));
  });
  return {
    engine,
    inSetup: () => false,
    afterEvent: () => true,
    failed: (e) => {
      throw e;
    },
    end: (reason, decisions) => {
      results.reasons.set(reason, (results.reasons.get(reason) ?? 0) + 1);
      if (reason !== "done") return;
      results.ends++;
      results.finals.add(`${[...cells].join(",")}|${acc.join(",")}`);
      if (prog.bad?.(cells)) {
        results.bugs++;
        results.bugSchedules.push([...decisions]);
      }
    },
  };
}

function* body(
  engine: Engine,
  t: ToyTask,
  id: number,
  cells: Int32Array,
  queues: WaitQueue[],
  acc: number[],
): Proc {
  for (const op of t.ops) {
    switch (op.kind) {
      case "read":
        engine.access(op.cell, false);
        acc[id] = (acc[id]! * 31 + cells[op.cell]! + 1) | 0;
        break;
      case "write":
        engine.access(op.cell, true);
        cells[op.cell] = (acc[id]! * 7 + id + 1) | 0;
        break;
      case "await":
        for (;;) {
          engine.access(op.cell, false);
          if (cells[op.cell] !== 0) break;
          yield* wait(queues[op.cell]!);
        }
        acc[id] = (acc[id]! * 31 + 5) | 0;
        break;
      case "signal":
        engine.access(op.cell, true);
        cells[op.cell] = 1;
        engine.wakeAll(queues[op.cell]!);
        break;
      case "sleep":
        yield sleepOp(op.ns);
        continue;
      case "inc": {
        engine.access(op.cell, false);
        const v = cells[op.cell]!;
        yield 1;
        engine.access(op.cell, true);
        cells[op.cell] = v + 1;
        break;
      }
      case "choose":
        acc[id] = (acc[id]! * 31 + engine.choose(op.n, "toy")) | 0;
        break;
    }
    yield 1;
  }
}
