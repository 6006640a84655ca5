// The top level of a scenario file. Sections are read in dependency order (machine and stop
// first, then regions, then actors that refer to both), not file order, so a check that needs
// another section always sees its final value.

import { durationNs } from "../engine/units.ts";
import { resolveKernel, UnknownKernelError } from "../versions/resolve.ts";
import { readActors } from "./actors.ts";
import { readCheck } from "./check_section.ts";
import { readCosts } from "./costs.ts";
import { quoteFound } from "./errors.ts";
import { type FieldTable, readFields, yamlKeys } from "./fields.ts";
import { baseName, extName } from "./file_name.ts";
import { duration, name, type ValueKind } from "./kinds.ts";
import { readMachine } from "./machine.ts";
import { readProperties } from "./properties.ts";
import { readRegions } from "./regions.ts";
import type { Scenario } from "./scenario.ts";
import type { Site } from "./site.ts";
import { readTasks } from "./tasks.ts";

/** The top-level sections with their descriptions; with HEADER_TABLE, the loader's and schema's key set. */
export const SECTION_DOCS = {
  machine: "CPUs and memory zones.",
  regions: "Memory mappings the actors use.",
  actors: "Stochastic tasks that fault, pin and reference region pages.",
  tasks: "Tasks with explicit programs of syscall-level steps.",
  properties: "What every run must satisfy.",
  costs: "Cost-model overrides, by cost name, in virtual time.",
  stop: "When the run ends (actors finishing first also ends it).",
  check: "The small configuration pinsim check explores.",
} as const;

/** Descriptions are printed one per line by `pinsim scenarios`. */
export const oneLine: ValueKind<string> = {
  parse(site) {
    const v = site.plain();
    if (typeof v !== "string" || v.includes("\n")) site.reject("a one-line string");
    return v as string;
  },
  schema: () => ({ type: "string", pattern: "^[^\\n]*$" }),
  show: (v) => v,
};

/**
 * A kernel name, checked by versions/ (which owns the list) while the file is read, so an unknown
 * one is reported at its line and column.
 */
export const kernelName: ValueKind<string> = {
  parse(site) {
    const v = name.parse(site, undefined);
    try {
      resolveKernel(v);
    } catch (e) {
      if (!(e instanceof UnknownKernelError)) throw e;
      site.fail(`kernel ${quoteFound(v)}`, `a kernel pinsim models (${e.message})`);
    }
    return v;
  },
  schema: name.schema,
  show: name.show,
};

interface Header {
  readonly name: string;
  readonly description: string;
  readonly kernel: string;
}

export const HEADER_TABLE: FieldTable<Header, { readonly source: string }> = {
  name: {
    key: "name",
    doc: "Scenario name.",
    kind: name,
    default: { from: (ctx) => nameFromSource(ctx.source), doc: "the file name without extension" },
  },
  description: {
    key: "description",
    doc: "One line shown by `pinsim scenarios`.",
    kind: oneLine,
    default: { value: "" },
  },
  kernel: {
    key: "kernel",
    doc: "Kernel version whose pinning path is simulated.",
    kind: kernelName,
    default: { value: "v6.15" },
  },
};

export const ROOT_KEYS = [...yamlKeys(HEADER_TABLE), ...Object.keys(SECTION_DOCS)];

export const STOP_TABLE: FieldTable<{ stop_ns: number }, unknown> = {
  stop_ns: {
    key: "time",
    doc: "Virtual time at which the run stops.",
    kind: duration({ min_ns: 1 }),
    default: { value: durationNs("1s") },
  },
};

export function buildScenario(root: Site, source: string): Scenario {
  if (root.isEmpty()) root.fail("an empty document", "a scenario: a map with regions: and actors: or tasks:");
  const top = root.map(ROOT_KEYS, `a scenario: a map with keys ${ROOT_KEYS.join(", ")}`);
  const header = readFields(HEADER_TABLE, top, { source });
  const machine = readMachine(top.getOrEmpty("machine"));
  const stop_ns = readStop(top.getOrEmpty("stop"));
  const regions = readRegions(top.require("regions", "a list of regions"), machine);
  const byName = new Map(regions.map((r) => [r.name, r]));
  const ctx = { machine, stop_ns, regions: byName };
  const actors = top.get("actors") === undefined ? [] : readActors(top.get("actors")!, ctx);
  const tasks = readTasks(
    top.getOrEmpty("tasks"),
    ctx,
    actors.map((a) => a.name),
  );
  if (actors.length === 0 && tasks.length === 0)
    top.require("actors", "a list of actors or of tasks (tasks:)");
  const check = readCheck(top.getOrEmpty("check"));
  const properties = readProperties(top.getOrEmpty("properties"));
  const costs = readCosts(top.getOrEmpty("costs"));
  return { ...header, source, machine, regions, actors, tasks, stop_ns, properties, costs, check };
}

function readStop(site: Site): number {
  const keys = yamlKeys(STOP_TABLE);
  return readFields(STOP_TABLE, site.mapOrEmpty(keys, "a map such as {time: 50ms}"), undefined).stop_ns;
}

/** "scenarios/my-test.yaml" → "my-test"; "builtin:cma-pin" → "cma-pin". */
function nameFromSource(source: string): string {
  const file = baseName(source.replace(/^builtin:/, ""));
  return file.slice(0, file.length - extName(file).length) || "scenario";
}
