// The `tasks:` section: tasks with explicit programs. Checks that need every task read first
// (barriers naming another task's label, unique labels, steps that only fit some regions) run
// after the list is read, pointing at the step that is wrong.

import { didYouMean } from "../versions/suggest.ts";
import type { ScenarioContext } from "./context.ts";
import { integer, name } from "./kinds.ts";
import type { Step, TaskSpec } from "./program.ts";
import type { RegionSpec } from "./scenario.ts";
import type { Site } from "./site.ts";
import { readProgram } from "./steps.ts";

export const TASK_KEYS = ["name", "cpu", "program"] as const;

/** Task names may not contain a dot: `wait_for: task.label` splits on the first one. */
const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

interface ReadTask {
  readonly spec: TaskSpec;
  readonly site: Site;
  readonly programSite: Site;
}

export function readTasks(site: Site, ctx: ScenarioContext, actorNames: readonly string[]): TaskSpec[] {
  if (site.isEmpty()) return [];
  const read: ReadTask[] = [];
  for (const item of site.items("a list of tasks, each a map with name, cpu and program")) {
    const t = readTask(item, ctx);
    const clash = read.some((r) => r.spec.name === t.spec.name) || actorNames.includes(t.spec.name);
    if (clash)
      item.peek("name")!.fail(`name "${t.spec.name}" a second time`, "a name no other task or actor has");
    read.push(t);
  }
  for (const t of read) checkProgram(t, read, ctx);
  return read.map((t) => t.spec);
}

function readTask(item: Site, ctx: ScenarioContext): ReadTask {
  const map = item.map(TASK_KEYS, `a task: a map with keys ${TASK_KEYS.join(", ")}`);
  const nameSite = map.require("name", "the task's name");
  const taskName = name.parse(nameSite, undefined);
  if (!TASK_NAME.test(taskName)) nameSite.reject("a name of letters, digits, '_' and '-' (no dots)");
  const cpu = integer(0, () => ({
    max: ctx.machine.cpus - 1,
    why: `machine.cpus is ${ctx.machine.cpus}`,
  })).parse(map.require("cpu", "the CPU the task starts on"), undefined);
  const programSite = map.require("program", "a list of steps");
  const program = readProgram(programSite, { ...ctx, region: null, task: taskName });
  return { spec: { name: taskName, cpu, program }, site: item, programSite };
}

/** Walks the program with the site of each step, so an error points at its line. */
function checkProgram(t: ReadTask, all: readonly ReadTask[], ctx: ScenarioContext): void {
  const labels = new Set<string>();
  walk(t.spec.program, t.programSite, (step, site) => {
    if (step.label !== undefined) {
      if (labels.has(step.label))
        site.fail(`label "${step.label}" a second time`, "labels unique within a task");
      labels.add(step.label);
    }
    checkStep(step, site, all, ctx);
  });
}

function walk(steps: readonly Step[], site: Site, visit: (s: Step, site: Site) => void): void {
  const sites = site.items("a list of steps");
  steps.forEach((s, i) => {
    visit(s, sites[i]!);
    if (s.op === "repeat") walk(s.steps, sites[i]!.peek("repeat")!.peek("steps")!, visit);
  });
}

function checkStep(step: Step, site: Site, all: readonly ReadTask[], ctx: ScenarioContext): void {
  const region = "region" in step ? ctx.regions.get(step.region)! : null;
  if (step.op === "wait_for") checkBarrier(step, site, all);
  if ((step.op === "pwrite" || step.op === "fallocate") && !isMemfd(region!))
    site.fail(
      `${step.op} on ${region!.kind} region "${region!.name}"`,
      "a memfd region (pwrite and fallocate write a file)",
    );
  if (
    step.op === "madvise" &&
    (step.advice === "hugepage" || step.advice === "nohugepage") &&
    region!.kind === "hugetlb-memfd"
  )
    site.fail(`madvise(${step.advice}) on hugetlb region "${region!.name}"`, "an anon or memfd region");
}

function isMemfd(r: RegionSpec): boolean {
  return r.kind === "memfd" || r.kind === "hugetlb-memfd";
}

function checkBarrier(step: Extract<Step, { op: "wait_for" }>, site: Site, all: readonly ReadTask[]): void {
  const target = all.find((r) => r.spec.name === step.task);
  if (target === undefined) {
    const names = all.map((r) => r.spec.name);
    site.fail(
      `wait_for names task "${step.task}"`,
      `one of the tasks: ${names.join(", ")}${didYouMean(step.task, names)}`,
    );
  }
  const labels = labelsOf(target.spec.program);
  if (!labels.includes(step.task_label)) {
    const list = labels.length === 0 ? "it has no labelled steps" : `its labels: ${labels.join(", ")}`;
    site.fail(
      `wait_for names label "${step.task_label}" of task ${step.task}`,
      `a label of one of its steps (${list})${didYouMean(step.task_label, labels)}`,
    );
  }
}

function labelsOf(steps: readonly Step[]): string[] {
  return steps.flatMap((s) => [
    ...(s.label === undefined ? [] : [s.label]),
    ...(s.op === "repeat" ? labelsOf(s.steps) : []),
  ]);
}
