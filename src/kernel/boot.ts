// Bringing up the simulated kernel on an engine: state, the per-CPU kworkers and work items.

import type { Engine } from "../engine/engine.ts";
import type { KernelConfig } from "./config.ts";
import type { CostModel } from "./cost_model.ts";
import type { FolioBatch } from "./folio_batch.ts";
import type { FolioTable } from "./folio_table.ts";
import { Kernel } from "./kernel.ts";
import type { ZoneLayout } from "./page_alloc.ts";
import { startKworkers, WorkStruct } from "./workqueue.ts";

export function bootKernel(
  engine: Engine,
  config: KernelConfig,
  costs: CostModel,
  zones: ZoneLayout,
  seed: number,
  folioCapacity?: number,
  folios?: FolioTable,
  batches?: readonly (readonly FolioBatch[])[],
): Kernel {
  const k = new Kernel({ engine, config, costs, zones, seed, folioCapacity, folios, batches });
  startKworkers(k);
  // DEFINE_PER_CPU(struct work_struct, lru_add_drain_work): id = the CPU it drains.
  for (let cpu = 0; cpu < k.nrCpus; cpu++) k.lruAddDrainWork.push(new WorkStruct(cpu));
  return k;
}
