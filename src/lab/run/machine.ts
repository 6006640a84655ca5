// A simulated machine: engine + strategy + booted kernel, and a way to start tasks on it.
// Used by runs, by the model checker, and by tests that script a situation step by step.

import { Engine, type StepObserver } from "../../engine/engine.ts";
import type { Proc } from "../../engine/op.ts";
import type { Strategy } from "../../engine/strategy.ts";
import { TimedStrategy } from "../../engine/timed.ts";
import { bootKernel } from "../../kernel/boot.ts";
import type { KernelConfig } from "../../kernel/config.ts";
import { costModelWith } from "../../kernel/cost_model.ts";
import type { FolioTable } from "../../kernel/folio_table.ts";
import { checkAll } from "../../kernel/invariants.ts";
import type { Kernel, KTask } from "../../kernel/kernel.ts";
import type { Mm } from "../../kernel/mm.ts";
import type { ZoneLayout } from "../../kernel/page_alloc.ts";
import { resolveKernel } from "../../versions/resolve.ts";

import { PAGES_PER_MIB } from "../../workloads/zones.ts";

export { PAGES_PER_MIB };

export interface MachineOptions {
  readonly cpus: number;
  /**
   * The config the command line resolved. A name is resolved here only for the kernel's unit
   * tests that script a situation (src/kernel/*.test.ts); nothing else passes one.
   */
  readonly kernel: string | KernelConfig;
  readonly seed?: number;
  readonly zones?: Partial<ZoneLayout>;
  readonly costs?: Readonly<Record<string, number>>;
  readonly strategy?: Strategy;
  /** Check the ledger and batch invariants after every step (tests, check). */
  readonly checkInvariants?: boolean;
  /** An empty folio table to boot on (one reused across runs); default a new one. */
  readonly folios?: FolioTable;
}

export const DEFAULT_ZONES: ZoneLayout = {
  dma32_pages: 64 * PAGES_PER_MIB,
  normal_pages: 256 * PAGES_PER_MIB,
  movable_pages: 256 * PAGES_PER_MIB,
  cma_pages: 0,
  movable_alloc_order: ["movable", "cma", "normal", "dma32"],
};

export class Machine {
  readonly engine: Engine;
  readonly kernel: Kernel;
  readonly strategy: Strategy;

  constructor(opts: MachineOptions) {
    const seed = opts.seed ?? 1;
    this.strategy = opts.strategy ?? new TimedStrategy(seed);
    this.engine = new Engine(opts.cpus, this.strategy);
    const config = typeof opts.kernel === "string" ? resolveKernel(opts.kernel) : opts.kernel;
    const zones = { ...DEFAULT_ZONES, ...opts.zones };
    const costs = costModelWith(opts.costs ?? {});
    this.kernel = bootKernel(this.engine, config, costs, zones, seed, undefined, opts.folios);
    if (opts.checkInvariants) this.engine.observers.push(invariantObserver(this.kernel));
  }

  /** Starts `body` as a task named `comm` on `cpu`, in address space `mm`. */
  spawn(comm: string, cpu: number, mm: Mm | null, body: (k: Kernel, task: KTask) => Proc<unknown>): KTask {
    const task = this.kernel.newTask(comm, cpu, mm);
    this.engine.spawn(comm, cpu, body(this.kernel, task), task);
    return task;
  }

  run(): void {
    this.engine.run();
  }
}

function invariantObserver(k: Kernel): StepObserver {
  return { afterStep: () => checkAll(k) };
}
