// Puts a scenario's workload on a machine: one process (mm) holding every region, and one task
// per actor and per program task on its CPU. Every task runs steps through one interpreter: a
// program task its list, an actor the steps it generates. Each gets its own PRNG stream of the
// run's seed, numbered by a hash of its (unique) name, so adding or removing an actor never
// changes what another one draws.

import type { Engine } from "../engine/engine.ts";
import { Prng } from "../engine/prng.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { mmAlloc } from "../kernel/mmap.ts";
import type { Step } from "../scenarios/program.ts";
import type { ActorSpec, Scenario } from "../scenarios/scenario.ts";
import type { SpawnFn } from "./actor.ts";
import { gpuSteps } from "./gpu.ts";
import { gupReaderSteps } from "./gup_reader.ts";
import { ioUringSteps } from "./io_uring.ts";
import { khugepagedSteps } from "./khugepaged.ts";
import { lruTrafficSteps } from "./lru_traffic.ts";
import { munlockSteps } from "./munlock.ts";
import { pkvmVcpuSteps } from "./pkvm_vcpu.ts";
import { type Draws, enumeratedDraws, seededDraws } from "./program/draws.ts";
import { listSource, runSteps, type StepSource } from "./program/interpreter.ts";
import { TaskState } from "./program/task_state.ts";
import { mapRegion, type Region } from "./region.ts";
import { vmmSteps } from "./vmm.ts";
import { World } from "./world.ts";

/** FNV-1a of the actor's name, kept clear of the kernel's jitter streams (1000 + cpu). */
export function actorStream(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) | 0x10000;
}

/** Simulator runs draw from seeded streams; the model checker enumerates (draws.ts). */
export type DrawMode = "seeded" | "enumerated";

/** Maps the regions and spawns the actors and program tasks through `spawn` (the machine's). */
export function setUpWorkload(
  k: Kernel,
  spawn: SpawnFn,
  scenario: Scenario,
  seed: number,
  mode: DrawMode = "seeded",
): World {
  const mm = mmAlloc(k);
  const regions = new Map<string, Region>();
  const late = programMappedRegions(scenario);
  for (const spec of scenario.regions)
    if (!late.has(spec.name)) regions.set(spec.name, mapRegion(k, mm, spec));
  const w = new World(k, scenario, regions, mm, spawn, drawsFactory(k.engine, seed, mode));
  const lockers = regionLockers(scenario);
  scenario.actors.forEach((a, index) => {
    const steps = actorSteps(w, a, lockers.get(a.region) === index);
    // A kernel thread: the run ends when the workload does, whatever it is doing.
    if (a.kind === "khugepaged") spawnDaemon(w, a.name, a.cpu, steps);
    else spawnTracked(w, a.name, a.cpu, steps);
  });
  for (const t of scenario.tasks) spawnTracked(w, t.name, t.cpu, listSource(t.program));
  spawnOrphanLockers(w, scenario, lockers, late);
  return w;
}

function drawsFactory(engine: Engine, seed: number, mode: DrawMode): (task: string) => Draws {
  if (mode === "enumerated") return () => enumeratedDraws(engine);
  return (task) => seededDraws(new Prng(seed, actorStream(task)));
}

function actorSteps(w: World, a: ActorSpec, locksRegion: boolean): StepSource {
  switch (a.kind) {
    case "vmm":
      return vmmSteps(w, a, locksRegion);
    case "pkvm-vcpu":
      return pkvmVcpuSteps(w, a);
    case "gpu":
      return gpuSteps(a);
    case "io_uring":
      return ioUringSteps(a);
    case "gup-reader":
      return gupReaderSteps(a);
    case "lru-traffic":
      return lruTrafficSteps(a);
    case "munlock":
    case "munmap":
      return munlockSteps(w, a);
    case "khugepaged":
      return khugepagedSteps(a);
  }
}

/** Regions some program maps itself (an mmap step): not mapped at the start. */
export function programMappedRegions(scenario: Scenario): Set<string> {
  const out = new Set<string>();
  const visit = (steps: readonly Step[]): void => {
    for (const s of steps) {
      if (s.op === "mmap") out.add(s.region);
      if (s.op === "repeat") visit(s.steps);
    }
  };
  for (const t of scenario.tasks) visit(t.program);
  return out;
}

/**
 * Which actor applies a region's mmap-time mlock: its first vmm (crosvm locks its own guest
 * memory, from its CPU, when it starts). Regions no vmm uses are locked by a setup task.
 */
function regionLockers(scenario: Scenario): Map<string, number> {
  const out = new Map<string, number>();
  scenario.actors.forEach((a, i) => {
    if (a.kind === "vmm" && !out.has(a.region)) out.set(a.region, i);
  });
  return out;
}

/** Locks the remaining mlocked regions at t=0 on the CPU of the first actor or task using each. */
function spawnOrphanLockers(
  w: World,
  scenario: Scenario,
  lockers: Map<string, number>,
  late: Set<string>,
): void {
  for (const spec of scenario.regions) {
    if (spec.mlock === "none" || lockers.has(spec.name) || late.has(spec.name)) continue;
    const cpu = scenario.actors.find((a) => a.region === spec.name)?.cpu ?? firstTaskCpu(scenario, spec.name);
    const lock: Step = { op: "mlock2", region: spec.name, onfault: spec.mlock === "onfault" };
    spawnTracked(w, `${spec.name}-mlock`, cpu, listSource([lock]));
  }
}

function firstTaskCpu(scenario: Scenario, region: string): number {
  const uses = (steps: readonly Step[]): boolean =>
    steps.some((s) => ("region" in s && s.region === region) || (s.op === "repeat" && uses(s.steps)));
  return scenario.tasks.find((t) => uses(t.program))?.cpu ?? 0;
}

/** Spawns a task running `source` whose end the run does not wait for. */
function spawnDaemon(w: World, name: string, cpu: number, source: StepSource): void {
  const ts = new TaskState(name, w.drawsFor(name));
  w.spawn(name, cpu, w.mm, () => runSteps(w, ts, source));
}

/** Spawns a task running `source` and counts it among those whose end ends the run. */
function spawnTracked(w: World, name: string, cpu: number, source: StepSource): void {
  w.actorsLeft++;
  const ts = new TaskState(name, w.drawsFor(name));
  w.spawn(name, cpu, w.mm, () => runSteps(w, ts, source, () => w.actorDone()));
}
