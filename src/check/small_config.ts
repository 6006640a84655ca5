// The small configuration of a scenario that `pinsim check` explores: the same machine, regions,
// tasks, actors and properties, with every region cut to a few folios, every actor's repeated
// operations cut to a few, and the CPUs the tasks use renumbered onto a small machine. What is
// cut is printed in the check header and written in docs/model-checking.md.

import type { Step, TaskSpec } from "../scenarios/program.ts";
import type { ActorSpec, RegionSpec, Scenario } from "../scenarios/scenario.ts";

export interface SmallSize {
  /** CPUs of the small machine. */
  readonly cpus: number;
  /** Folios (base pages, or 2 MiB folios for THP and hugetlb regions) per region. */
  readonly folios: number;
  /** Repetitions of each actor's operation, and of each program `repeat`. */
  readonly repeats: number;
}

export interface SmallConfiguration {
  readonly scenario: Scenario;
  readonly size: SmallSize;
  /** The scenario's CPU numbers in use, in order: CPU i of the small machine is cpus[i % n]. */
  readonly cpusUsed: readonly number[];
}

const HUGE_BYTES = 2 * 1024 * 1024;
const PAGE_BYTES = 4096;

/** CPUs the tasks and actors start on or move to, ascending. */
export function cpusUsed(s: Scenario): number[] {
  const used = new Set<number>();
  for (const a of s.actors) used.add(a.cpu);
  const visit = (steps: readonly Step[]): void => {
    for (const st of steps) {
      if (st.op === "sched_setaffinity") used.add(st.cpu);
      if (st.op === "repeat") visit(st.steps);
    }
  };
  for (const t of s.tasks) {
    used.add(t.cpu);
    visit(t.program);
  }
  return [...used].sort((a, b) => a - b);
}

export function defaultSize(s: Scenario): SmallSize {
  return { cpus: s.check.cpus ?? Math.max(1, cpusUsed(s).length), folios: s.check.folios, repeats: 1 };
}

export function smallConfiguration(s: Scenario, size: SmallSize): SmallConfiguration {
  const used = cpusUsed(s);
  const cpuOf = (cpu: number): number => used.indexOf(cpu) % size.cpus;
  const regions = s.regions.map((r) => smallRegion(r, size.folios));
  const pagesOf = new Map(regions.map((r) => [r.name, regionPages(r)]));
  const scenario: Scenario = {
    ...s,
    machine: { ...s.machine, cpus: size.cpus },
    regions,
    actors: s.actors.map((a) =>
      smallActor({ ...a, cpu: cpuOf(a.cpu) }, pagesOf.get(a.region)!, size.repeats),
    ),
    tasks: s.tasks.map((t) => smallTask(t, cpuOf, size.repeats)),
  };
  return { scenario, size, cpusUsed: used };
}

function smallRegion(r: RegionSpec, folios: number): RegionSpec {
  const folioBytes = r.kind === "thp-anon" || r.kind === "hugetlb-memfd" ? HUGE_BYTES : PAGE_BYTES;
  return { ...r, size_bytes: Math.min(r.size_bytes, folios * folioBytes) };
}

function regionPages(r: RegionSpec): number {
  return r.size_bytes / PAGE_BYTES;
}

/** Per-page operations keep one per page; other repeated operations keep `repeats`. */
function smallActor(a: ActorSpec, pages: number, repeats: number): ActorSpec {
  switch (a.kind) {
    case "vmm":
      return { ...a, touches: Math.min(a.touches, pages) };
    case "pkvm-vcpu":
      return { ...a, pins: Math.min(a.pins, pages) };
    case "gpu":
      return { ...a, ops: Math.min(a.ops, repeats), pages_per_op: Math.min(a.pages_per_op, pages) };
    case "io_uring":
      return { ...a, registrations: Math.min(a.registrations, repeats), pages: Math.min(a.pages, pages) };
    case "gup-reader":
      return { ...a, reads: Math.min(a.reads, repeats), pages_per_read: Math.min(a.pages_per_read, pages) };
    case "lru-traffic":
      return { ...a, ops: Math.min(a.ops, repeats) };
    case "khugepaged":
      return { ...a, scans: Math.min(a.scans, repeats) };
    case "munlock":
    case "munmap":
      return a;
  }
}

function smallTask(t: TaskSpec, cpuOf: (cpu: number) => number, repeats: number): TaskSpec {
  const steps = (list: readonly Step[]): Step[] =>
    list.map((s) => {
      if (s.op === "sched_setaffinity") return { ...s, cpu: cpuOf(s.cpu) };
      if (s.op === "repeat") return { ...s, times: Math.min(s.times, repeats), steps: steps(s.steps) };
      return s;
    });
  return { ...t, cpu: cpuOf(t.cpu), program: steps(t.program) };
}
