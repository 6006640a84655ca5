// Puts a scenario's workload on a machine: one process (mm) holding every region, and one task
// per actor on its CPU. Each actor gets its own PRNG stream of the run's seed, numbered by a hash
// of its (unique) name, so adding or removing an actor never changes what another one draws.

import { Prng } from "../engine/prng.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { Mm } from "../kernel/mm.ts";
import { mmAlloc } from "../kernel/mmap.ts";
import type { ActorSpec, Scenario } from "../scenarios/scenario.ts";
import type { ActorBody, SpawnFn } from "./actor.ts";
import { gpuActor } from "./gpu.ts";
import { gupReaderActor } from "./gup_reader.ts";
import { ioUringActor } from "./io_uring.ts";
import { lruTrafficActor } from "./lru_traffic.ts";
import { munlockActor } from "./munlock.ts";
import { pkvmVcpuActor } from "./pkvm_vcpu.ts";
import { mapRegion, type Region } from "./region.ts";
import { mlockRegion, vmmActor } from "./vmm.ts";
import { World } from "./world.ts";

/** FNV-1a of the actor's name, kept clear of the kernel's jitter streams (1000 + cpu). */
export function actorStream(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) | 0x10000;
}

/** Maps the regions and spawns the actors through `spawn` (the machine's). */
export function setUpWorkload(k: Kernel, spawn: SpawnFn, scenario: Scenario, seed: number): World {
  const mm = mmAlloc(k);
  const regions = new Map<string, Region>();
  for (const spec of scenario.regions) regions.set(spec.name, mapRegion(k, mm, spec));
  const w = new World(k, scenario, regions, mm, spawn);
  const lockers = regionLockers(scenario);
  scenario.actors.forEach((a, index) => {
    const prng = new Prng(seed, actorStream(a.name));
    spawnTracked(spawn, w, a, mm, actorBody(w, a, prng, lockers.get(a.region) === index));
  });
  spawnOrphanLockers(spawn, w, scenario, lockers, mm);
  return w;
}

function actorBody(w: World, a: ActorSpec, prng: Prng, locksRegion: boolean): ActorBody {
  switch (a.kind) {
    case "vmm":
      return vmmActor(w, a, locksRegion);
    case "pkvm-vcpu":
      return pkvmVcpuActor(w, a);
    case "gpu":
      return gpuActor(w, a, prng);
    case "io_uring":
      return ioUringActor(w, a);
    case "gup-reader":
      return gupReaderActor(w, a, prng);
    case "lru-traffic":
      return lruTrafficActor(w, a, prng);
    case "munlock":
    case "munmap":
      return munlockActor(w, a);
  }
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

/** Locks the remaining mlocked regions at t=0 on the CPU of the first actor using each. */
function spawnOrphanLockers(
  spawn: SpawnFn,
  w: World,
  scenario: Scenario,
  lockers: Map<string, number>,
  mm: Mm,
): void {
  for (const spec of scenario.regions) {
    if (spec.mlock === "none" || lockers.has(spec.name)) continue;
    const cpu = scenario.actors.find((a) => a.region === spec.name)?.cpu ?? 0;
    const body: ActorBody = (k: Kernel) => mlockRegion(k, w.region(spec.name));
    spawnTracked(spawn, w, { name: `${spec.name}-mlock`, cpu }, mm, body);
  }
}

/** Spawns `body` and counts it among the actors whose end ends the run. */
function spawnTracked(
  spawn: SpawnFn,
  w: World,
  a: { name: string; cpu: number },
  mm: Mm,
  body: ActorBody,
): void {
  w.actorsLeft++;
  spawn(a.name, a.cpu, mm, function* (k, task) {
    yield* body(k, task);
    w.actorDone();
  });
}
