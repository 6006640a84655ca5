// The model's side: the same scenario in the simulator on the pinsim kernel that models the
// booted one, one run per seed, with the per-pin figures the real kernel reports.

import type { Kernel } from "../kernel/kernel.ts";
import { ZONE_MOVABLE } from "../kernel/page_alloc.ts";
import type { TraceEvent } from "../kernel/trace.ts";
import { runScenario } from "../lab/run/run.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import { resolveKernel } from "../versions/resolve.ts";
import type { World } from "../workloads/world.ts";

export interface ModelPin {
  readonly run: number;
  readonly task: string;
  readonly seq: number;
  /** What the caller sees: 0 or a negative errno. */
  readonly errno: number;
  readonly drains_local: number;
  readonly drains_global: number;
  readonly migrated: number;
  readonly migrate_failed: number;
  /** Pages the pin holds outside ZONE_MOVABLE (0 when it failed). */
  readonly pinned_outside_movable: number;
}

interface MigrateEvent {
  readonly t_ns: number;
  readonly succeeded: number;
  readonly failed: number;
}

/** Runs the model `runs` times (seeds seed, seed+1, ...) and lists every longterm pin. */
export function modelPins(scenario: Scenario, kernel: string, runs: number, seed: number): ModelPin[] {
  const pins: ModelPin[] = [];
  for (let run = 0; run < runs; run++) pins.push(...oneRun(scenario, kernel, seed + run, run));
  return pins;
}

function oneRun(scenario: Scenario, kernel: string, seed: number, run: number): ModelPin[] {
  let state: { k: Kernel; w: World } | null = null;
  const migrations: MigrateEvent[] = [];
  const emit = (ev: TraceEvent) => {
    if (ev.type === "mm_migrate_pages")
      migrations.push({ t_ns: ev.t_ns, succeeded: ev.succeeded, failed: ev.failed });
  };
  const r = runScenario(scenario, resolveKernel(kernel), seed, {
    trace: (k, w) => {
      state = { k, w };
      return { emit };
    },
  });
  const { k, w } = state as unknown as { k: Kernel; w: World };
  return r.pins.map((p, i) => {
    const during = migrations.filter((m) => m.t_ns >= p.start_ns && m.t_ns <= p.start_ns + p.latency_ns);
    // One entry per page pinned (the folio of each page).
    const outside = (w.pinPages[i] ?? []).filter((f) => k.folios.zone[f] !== ZONE_MOVABLE).length;
    return {
      run,
      task: p.actor,
      seq: p.seq,
      errno: p.errno,
      drains_local: p.drains_local,
      drains_global: p.drains_global,
      migrated: during.reduce((n, m) => n + m.succeeded, 0),
      migrate_failed: during.reduce((n, m) => n + m.failed, 0),
      pinned_outside_movable: p.errno === 0 ? outside : 0,
    };
  });
}
