// Compiles a scenario's tasks into program.h for init/pinsim_init.c: one table of regions, one
// table of steps per task (repeats unrolled, barriers numbered, files/pipes/rings numbered), and
// the list of what was mapped to a nearby real path. Steps with no user-space counterpart are
// refused by name (ValidateInputError, exit 2), never approximated silently.

import type { PageSelection, Step, TaskSpec } from "../scenarios/program.ts";
import type { RegionSpec, Scenario } from "../scenarios/scenario.ts";
import { ValidateInputError } from "./errors.ts";

const PAGE_SIZE_BYTES = 4096;
const MAX_STEPS = 100_000;

/** madvise() advice values (include/uapi/asm-generic/mman-common.h). */
const MADV = { hugepage: 14, nohugepage: 15, cold: 20, pageout: 21 } as const;
const MLOCK_ONFAULT = 1;
const MCL = { current: 1, future: 2, onfault: 4 } as const;
const ORDER = { sequential: 0, reverse: 1, random: 2 } as const;

export interface CompileOptions {
  readonly runs: number;
  /** Real sleeps are the scenario's times this factor (TCG runs a guest 10-100x slower). */
  readonly sleep_scale: number;
}

export interface CompiledProgram {
  /** The text of program.h. */
  readonly header: string;
  /** What runs as a nearby real path instead of the step's own, one line each. */
  readonly mappings: readonly string[];
}

/** One emitted step: the C initialiser's fields. */
interface CStep {
  readonly op: string;
  readonly region?: number;
  readonly first?: number;
  readonly count?: number;
  readonly arg?: number;
  readonly arg2?: number;
  readonly ns?: number;
  readonly obj?: number;
  signal?: number;
}

class Compiler {
  readonly scenario: Scenario;
  readonly opts: CompileOptions;
  readonly objects = new Map<string, number>();
  readonly barriers = new Map<string, number>();
  readonly mappings = new Set<string>();
  steps = 0;

  constructor(scenario: Scenario, opts: CompileOptions) {
    this.scenario = scenario;
    this.opts = opts;
  }

  refuse(task: string, what: string): never {
    throw new ValidateInputError(`${this.scenario.source}: task "${task}": ${what}`);
  }

  object(kind: string, name: string): number {
    const key = `${kind}:${name}`;
    if (!this.objects.has(key)) this.objects.set(key, this.objects.size);
    return this.objects.get(key)!;
  }

  barrier(task: string, label: string): number {
    const key = `${task}.${label}`;
    if (!this.barriers.has(key)) this.barriers.set(key, this.barriers.size);
    return this.barriers.get(key)!;
  }

  regionIndex(name: string): number {
    return this.scenario.regions.findIndex((r) => r.name === name);
  }

  pages(task: string, region: string, sel: PageSelection): { first: number; count: number } {
    if (sel.kind === "random")
      this.refuse(
        task,
        `pages: {random: ${sel.count}} of region "${region}": validate runs fixed page ranges only`,
      );
    if (sel.kind === "range") return { first: sel.first, count: sel.count };
    const spec = this.scenario.regions[this.regionIndex(region)]!;
    return { first: 0, count: spec.size_bytes / PAGE_SIZE_BYTES };
  }

  task(t: TaskSpec): CStep[] {
    const out: CStep[] = [];
    this.emit(t.name, t.program, out);
    return out;
  }

  emit(task: string, steps: readonly Step[], out: CStep[]): void {
    for (const s of steps) {
      if (s.op === "repeat") {
        for (let i = 0; i < s.times; i++) this.emit(task, s.steps, out);
        continue;
      }
      const c = this.step(task, s);
      if (++this.steps > MAX_STEPS)
        this.refuse(task, `more than ${MAX_STEPS} steps once repeats are unrolled: too long to run for real`);
      if (c === null) continue;
      // Any labelled step, a wait_for included, signals its barrier once done (as the model does).
      if (s.label !== undefined) c.signal = this.barrier(task, s.label);
      out.push(c);
    }
  }

  step(task: string, s: Step): CStep | null {
    const onRegion = (op: string, extra: Partial<CStep> = {}): CStep => {
      const sel: PageSelection = "pages" in s && typeof s.pages === "object" ? s.pages : { kind: "all" };
      const region = "region" in s ? s.region : "";
      return { op, region: this.regionIndex(region), ...this.pages(task, region, sel), ...extra };
    };
    switch (s.op) {
      case "mmap":
      case "munmap":
      case "pwrite":
      case "fallocate":
      case "munlock":
        return onRegion(`OP_${s.op.toUpperCase()}`);
      case "madvise":
        return onRegion("OP_MADVISE", { arg: MADV[s.advice] });
      case "touch":
        return onRegion("OP_TOUCH", { arg: s.write ? 1 : 0, arg2: ORDER[s.order] });
      case "mlock2":
        return onRegion("OP_MLOCK2", { arg: s.onfault ? MLOCK_ONFAULT : 0 });
      case "mlockall": {
        const arg =
          (s.current ? MCL.current : 0) | (s.future ? MCL.future : 0) | (s.onfault ? MCL.onfault : 0);
        return { op: "OP_MLOCKALL", arg };
      }
      case "munlockall":
        return { op: "OP_MUNLOCKALL" };
      case "read":
        this.mappings.add(
          "read: written as new pages of a tmpfs file (no disk in the VM): the same new page-cache folios in this CPU's lru_add batch",
        );
        return { op: "OP_READ", count: s.pages, obj: this.object("file", s.file) };
      default:
        return this.referenceOrPin(task, s, onRegion);
    }
  }

  referenceOrPin(
    task: string,
    s: Step,
    onRegion: (op: string, extra?: Partial<CStep>) => CStep,
  ): CStep | null {
    switch (s.op) {
      case "process_vm_readv":
        if (s.hold.kind !== "fixed" || s.hold.ns !== 0)
          this.refuse(
            task,
            "process_vm_readv with for: > 0: a real copy cannot be made to keep its pins longer",
          );
        return onRegion("OP_PROCESS_VM_READV");
      case "vmsplice":
        return onRegion("OP_VMSPLICE", { obj: this.object("pipe", s.pipe) });
      case "pipe_read":
        return { op: "OP_PIPE_READ", obj: this.object("pipe", s.pipe) };
      case "io_uring_register":
        return onRegion("OP_RING_REGISTER", { obj: this.object("ring", s.ring) });
      case "io_uring_unregister":
        return { op: "OP_RING_UNREGISTER", obj: this.object("ring", s.ring) };
      case "pin_user_pages":
        if (!s.longterm)
          this.refuse(
            task,
            "pin_user_pages without FOLL_LONGTERM (longterm: false) has no user-space counterpart",
          );
        this.mappings.add(
          "pin_user_pages (an in-kernel caller such as pKVM): runs as io_uring IORING_REGISTER_BUFFERS, which is pin_user_pages(FOLL_WRITE | FOLL_LONGTERM)",
        );
        return onRegion("OP_RING_REGISTER", { obj: this.object("pins", s.as) });
      case "unpin_user_pages":
        this.mappings.add("unpin_user_pages: runs as IORING_UNREGISTER_BUFFERS");
        return { op: "OP_RING_UNREGISTER", obj: this.object("pins", s.pins) };
      default:
        return this.placement(task, s);
    }
  }

  placement(task: string, s: Step): CStep | null {
    const scale = this.opts.sleep_scale;
    switch (s.op) {
      case "sched_setaffinity":
        return { op: "OP_SETAFFINITY", arg: s.cpu };
      case "sleep":
        if (scale !== 1) this.mappings.add(`sleep: ${scale}x the scenario's time (the guest runs under TCG)`);
        return { op: "OP_SLEEP", ns: s.ns * scale };
      case "sleep_until":
        if (scale !== 1)
          this.mappings.add(`sleep_until: ${scale}x the scenario's time (the guest runs under TCG)`);
        return { op: "OP_SLEEP_UNTIL", ns: s.at_ns * scale };
      case "wait_for":
        return { op: "OP_WAIT", obj: this.barrier(s.task, s.task_label) };
      case "join":
        return null; // every async step is refused, so there is never anything to join
      case "get_user_pages":
        return this.refuse(
          task,
          "get_user_pages (an in-kernel FOLL_GET reference held for a while) has no user-space counterpart; a user-space program cannot hold such references",
        );
      case "hold":
        return this.refuse(
          task,
          `hold (${s.what}: a driver's transient page references) has no user-space counterpart`,
        );
      case "khugepaged_scan":
        return this.refuse(
          task,
          "khugepaged_scan (a scan of the khugepaged kernel thread) cannot be made to happen from user space at a chosen time",
        );
      case "writeback":
        return this.refuse(
          task,
          "writeback (PG_writeback held for a set time: I/O in flight, abstracted) has no user-space counterpart whose I/O time a program controls",
        );
      case "lru":
        return this.refuse(
          task,
          `lru (${s.lru_op}: kernel LRU traffic) has no system call of its own; use process_vm_readv (marks pages accessed) or madvise cold`,
        );
      default:
        return this.refuse(task, `step ${s.op} cannot run for real`);
    }
  }
}

/** Compiles the scenario, or throws ValidateInputError naming what cannot run for real. */
export function compileScenario(scenario: Scenario, opts: CompileOptions): CompiledProgram {
  refuseUnsupported(scenario);
  const c = new Compiler(scenario, opts);
  const tasks = scenario.tasks.map((t) => c.task(t));
  const mapped = programMapped(scenario.tasks);
  const header = [
    "/* Written by pinsim validate (src/validate/compile.ts) for init/pinsim_init.c. */",
    `/* scenario: ${scenario.name} */`,
    `#define NR_RUNS ${opts.runs}`,
    `#define NR_REGIONS ${scenario.regions.length}`,
    `#define NR_REGIONS_MAX ${Math.max(1, scenario.regions.length)}`,
    `#define NR_TASKS ${scenario.tasks.length}`,
    `#define NR_TASKS_MAX ${scenario.tasks.length}`,
    `#define NR_OBJS_MAX ${Math.max(1, c.objects.size)}`,
    `#define NR_BARRIERS_MAX ${Math.max(1, c.barriers.size)}`,
    `static const struct region_spec regions[NR_REGIONS_MAX] = {`,
    ...scenario.regions.map((r) => `  ${regionInit(r, !mapped.has(r.name))},`),
    "};",
    ...tasks.map((steps, i) => stepTable(i, steps)),
    "static const struct task_spec tasks[] = {",
    ...scenario.tasks.map((t, i) => `  {${cString(t.name)}, ${t.cpu}, task${i}},`),
    "};",
    "",
  ].join("\n");
  return { header, mappings: [...c.mappings] };
}

function refuseUnsupported(s: Scenario): void {
  if (s.actors.length > 0) {
    const names = s.actors.map((a) => `${a.name} (${a.kind})`).join(", ");
    throw new ValidateInputError(
      `${s.source}: actors ${names}: validate runs tasks with programs only; actors draw their steps at random (write the steps under tasks: to run them for real)`,
    );
  }
  if (s.tasks.length === 0) throw new ValidateInputError(`${s.source}: no tasks: nothing to run for real`);
  for (const r of s.regions) {
    if (r.kind === "thp-anon" || r.kind === "hugetlb-memfd")
      throw new ValidateInputError(
        `${s.source}: region "${r.name}" of kind ${r.kind}: validate boots with transparent_hugepage=never and no hugetlb pages, so runs memfd and anon regions only`,
      );
  }
}

function programMapped(tasks: readonly TaskSpec[]): Set<string> {
  const names = new Set<string>();
  const walk = (steps: readonly Step[]): void => {
    for (const s of steps) {
      if (s.op === "mmap") names.add(s.region);
      if (s.op === "repeat") walk(s.steps);
    }
  };
  for (const t of tasks) walk(t.program);
  return names;
}

function regionInit(r: RegionSpec, atStart: boolean): string {
  const kind = r.kind === "memfd" ? "REGION_MEMFD" : "REGION_ANON";
  const mlock = { none: 0, onfault: 1, now: 2 }[r.mlock];
  const pages = r.size_bytes / PAGE_SIZE_BYTES;
  return `{${cString(r.name)}, ${kind}, ${pages}, ${r.shared ? 1 : 0}, ${mlock}, ${atStart ? 1 : 0}}`;
}

function stepTable(i: number, steps: readonly CStep[]): string {
  const rows = steps.map((s) => `  ${stepInit(s)},`);
  return [`static const struct step task${i}[] = {`, ...rows, "  {.op = OP_END},", "};"].join("\n");
}

function stepInit(s: CStep): string {
  const f = [`.op = ${s.op}`];
  const field = (k: string, v: number | undefined) => {
    if (v !== undefined) f.push(`.${k} = ${v}`);
  };
  field("region", s.region);
  field("first", s.first);
  field("count", s.count);
  field("arg", s.arg);
  field("arg2", s.arg2);
  if (s.ns !== undefined) f.push(`.ns = ${Math.round(s.ns)}LL`);
  field("obj", s.obj);
  f.push(`.signal = ${s.signal ?? -1}`);
  return `{${f.join(", ")}}`;
}

/** A C string literal of a name (names are letters, digits, '_', '-', '.'). */
function cString(name: string): string {
  return JSON.stringify(name.replace(/[^A-Za-z0-9_.-]/g, "_"));
}
