// Bringing up the simulated kernel on an engine: state plus the per-CPU kworkers.

import type { Engine } from "../engine/engine.ts";
import type { KernelConfig } from "./config.ts";
import type { CostModel } from "./cost_model.ts";
import { Kernel } from "./kernel.ts";
import type { ZoneLayout } from "./page_alloc.ts";
import { startKworkers } from "./workqueue.ts";

export function bootKernel(
  engine: Engine,
  config: KernelConfig,
  costs: CostModel,
  zones: ZoneLayout,
  seed: number,
  folioCapacity?: number,
): Kernel {
  const k = new Kernel({ engine, config, costs, zones, seed, folioCapacity });
  startKworkers(k);
  return k;
}
