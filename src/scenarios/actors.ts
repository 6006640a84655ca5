// The `actors:` section: the tasks that fault, pin and reference region pages, one table per kind.

import { durationNs } from "../engine/units.ts";
import { KHUGEPAGED_SCAN_SLEEP_NS } from "../kernel/khugepaged.ts";
import { didYouMean } from "../versions/suggest.ts";
import { type ActorContext, regionPages, type ScenarioContext } from "./context.ts";
import { quoteFound } from "./errors.ts";
import { type Field, type FieldTable, readFields, yamlKeys } from "./fields.ts";
import { hold } from "./hold.ts";
import { type Bound, bool, duration, integer, name, oneOf, type ValueKind } from "./kinds.ts";
import type {
  ActorSpec,
  GpuActor,
  GupReaderActor,
  IoUringActor,
  KhugepagedActor,
  LruTrafficActor,
  MunlockActor,
  PkvmVcpuActor,
  RegionSpec,
  VmmActor,
} from "./scenario.ts";
import type { Site } from "./site.ts";

type Ctx = ActorContext;
type Table<A extends ActorSpec> = FieldTable<Omit<A, "kind">, Ctx>;
/** The actor type that carries kind K (MunlockActor carries two kinds, so Extract won't do). */
type ActorOfKind<K, A = ActorSpec> = A extends { kind: infer AK } ? (K extends AK ? A : never) : never;

const cpu = integer<Ctx>(0, (ctx) => ({
  max: ctx.machine.cpus - 1,
  why: `machine.cpus is ${ctx.machine.cpus}`,
}));

const regionRef: ValueKind<string, ScenarioContext> = {
  parse(site, ctx) {
    const v = site.plain();
    if (typeof v === "string" && ctx.regions.has(v)) return v;
    const defined = [...ctx.regions.keys()];
    const hint = typeof v === "string" ? didYouMean(v, defined) : "";
    const list = defined.length === 0 ? "none yet: add one under regions:" : defined.join(", ");
    return site.reject(`the name of a region defined under regions: (${list})${hint}`);
  },
  schema: () => ({ type: "string" }),
  show: (v) => v,
};

const beforeStop = (ctx: Ctx): Bound => ({ max: ctx.stop_ns, why: "stop.time" });
const time = duration<Ctx>({ before: beforeStop });

const pagesOfRegion = (ctx: Ctx): Bound => ({
  max: regionPages(ctx.region),
  why: `region "${ctx.region.name}" has ${regionPages(ctx.region)} pages`,
});
const wholeRegion = { from: (ctx: Ctx) => regionPages(ctx.region), doc: "every page of the region" };

const COMMON: { name: Field<string, Ctx>; cpu: Field<number, Ctx>; region: Field<string, Ctx> } = {
  name: {
    key: "name",
    doc: "Name in traces and reports.",
    kind: name,
    default: { from: (ctx) => `${ctx.kind}-${ctx.index}`, doc: "<kind>-<index in actors>" },
  },
  cpu: { key: "cpu", doc: "The CPU the actor runs on.", kind: cpu },
  region: { key: "region", doc: "The region (by name) it works on.", kind: regionRef },
};

function start(doc = "When it begins."): Field<number, Ctx> {
  return { key: "start", doc, kind: time, default: { value: 0 } };
}

function interval(default_ns: number, doc: string): Field<number, Ctx> {
  return { key: "interval", doc, kind: duration(), default: { value: default_ns } };
}

const VMM: Table<VmmActor> = {
  ...COMMON,
  pattern: {
    key: "pattern",
    doc: "Order of the touches.",
    kind: oneOf(["sequential", "random"]),
    default: { value: "sequential" },
  },
  touches: { key: "touches", doc: "Pages to touch (fault in).", kind: integer(1), default: wholeRegion },
  start_ns: start(),
  interval_ns: interval(durationNs("2us"), "Time between touches."),
  readahead_pages: {
    key: "readahead_pages",
    doc: "Extra page-cache folios a readahead-like fault adds to the lru_add batch per touch.",
    kind: integer(0),
    default: { value: 0 },
  },
};

const PKVM_VCPU: Table<PkvmVcpuActor> = {
  ...COMMON,
  pins: {
    key: "pins",
    doc: "Stage-2 faults, each pinning one page.",
    kind: integer(1),
    default: wholeRegion,
  },
  order: {
    key: "order",
    doc: "Order of the pinned pages.",
    kind: oneOf(["sequential", "random"]),
    default: { value: "sequential" },
  },
  start_ns: start(),
  interval_ns: interval(durationNs("5us"), "Time between pins."),
  retry_on_eagain: {
    key: "retry_on_eagain",
    doc: "Retry a pin that fails with -EAGAIN (matters only with the eagain-to-caller patch).",
    kind: bool,
    default: { value: false },
  },
};

const GPU: Table<GpuActor> = {
  ...COMMON,
  ops: { key: "ops", doc: "Transient operations to perform.", kind: integer(1), default: { value: 100 } },
  pages_per_op: {
    key: "pages_per_op",
    doc: "Pages referenced by each operation.",
    kind: integer(1, pagesOfRegion),
    default: { value: 1 },
  },
  hold: {
    key: "hold",
    doc: "How long each operation keeps its references.",
    kind: hold,
    default: { value: { dist: "exponential", mean_ns: durationNs("20us") } },
  },
  start_ns: start(),
  interval_ns: interval(durationNs("50us"), "Time between operation starts."),
};

const IO_URING: Table<IoUringActor> = {
  ...COMMON,
  pages: {
    key: "pages",
    doc: "Pages registered as a fixed buffer.",
    kind: integer(1, pagesOfRegion),
    default: wholeRegion,
  },
  start_ns: start("When the first registration starts."),
  registrations: {
    key: "registrations",
    doc: "Registrations, each pinning then unregistering.",
    kind: integer(1),
    default: { value: 1 },
  },
  interval_ns: interval(0, "Time between registrations."),
};

const GUP_READER: Table<GupReaderActor> = {
  ...COMMON,
  reads: { key: "reads", doc: "Short-term GUP reads.", kind: integer(1), default: { value: 1000 } },
  pages_per_read: {
    key: "pages_per_read",
    doc: "Pages referenced by each read.",
    kind: integer(1, pagesOfRegion),
    default: { value: 1 },
  },
  hold: {
    key: "hold",
    doc: "How long each read keeps its references.",
    kind: hold,
    default: { value: { dist: "fixed", value_ns: durationNs("2us") } },
  },
  start_ns: start(),
  interval_ns: interval(durationNs("1us"), "Time between reads."),
};

const LRU_TRAFFIC: Table<LruTrafficActor> = {
  ...COMMON,
  op: {
    key: "op",
    doc: "LRU operation queued into the per-CPU batches.",
    kind: oneOf(["activate", "deactivate", "rotate", "mark-accessed", "mixed"]),
    default: { value: "mixed" },
  },
  ops: { key: "ops", doc: "Operations to perform.", kind: integer(1), default: { value: 1000 } },
  start_ns: start(),
  interval_ns: interval(durationNs("1us"), "Time between operations."),
};

const KHUGEPAGED: Table<KhugepagedActor> = {
  ...COMMON,
  region: {
    ...COMMON.region,
    doc: "A region of the process whose THP-eligible mapping registered its mm with khugepaged (khugepaged_has_work()); nothing of it is collapsed.",
  },
  scans: {
    key: "scans",
    doc: "Scans before the thread stops (it is a daemon: the run does not wait for them).",
    kind: integer(1),
    default: { value: 1_000_000 },
  },
  start_ns: start("When it first scans (khugepaged is woken when an mm registers)."),
  interval_ns: interval(
    KHUGEPAGED_SCAN_SLEEP_NS,
    "Sleep between scans: /sys/kernel/mm/transparent_hugepage/khugepaged/scan_sleep_millisecs (default 10 s).",
  ),
};

const ONE_SHOT: Table<MunlockActor> = {
  ...COMMON,
  at_ns: { key: "at", doc: "When the call is made.", kind: time, default: { value: 0 } },
};

/** Field tables by actor kind, in the order the kinds are listed to users. */
export const ACTOR_TABLES = {
  vmm: VMM,
  "pkvm-vcpu": PKVM_VCPU,
  gpu: GPU,
  io_uring: IO_URING,
  "gup-reader": GUP_READER,
  "lru-traffic": LRU_TRAFFIC,
  munlock: ONE_SHOT,
  munmap: ONE_SHOT,
  khugepaged: KHUGEPAGED,
} as const satisfies { readonly [K in ActorSpec["kind"]]: Table<ActorOfKind<K>> };

export type ActorKind = keyof typeof ACTOR_TABLES;
export const ACTOR_KINDS = Object.keys(ACTOR_TABLES) as ActorKind[];
const actorKind = oneOf(ACTOR_KINDS);

/** The YAML keys an actor of `kind` accepts, `kind` itself first. */
export function actorYamlKeys(kind: ActorKind): string[] {
  return ["kind", ...yamlKeys(ACTOR_TABLES[kind] as Table<ActorSpec>)];
}

export function readActors(site: Site, ctx: ScenarioContext): ActorSpec[] {
  const items = site.items("a list of actors, each a map with kind, cpu and region");
  if (items.length === 0) site.fail("an empty list", "at least one actor");
  const actors: ActorSpec[] = [];
  const names = new Set<string>();
  items.forEach((item, index) => {
    const actor = readActor(item, index, ctx);
    if (names.has(actor.name)) {
      const at = item.peek("name") ?? item;
      at.fail(`actor name ${quoteFound(actor.name)} a second time`, "a name not used by another actor");
    }
    names.add(actor.name);
    actors.push(actor);
  });
  return actors;
}

function readActor(item: Site, index: number, ctx: ScenarioContext): ActorSpec {
  const expected = `an actor: a map with kind (${ACTOR_KINDS.join(", ")}), cpu and region`;
  const kindSite =
    item.peek("kind") ?? item.map(null, expected).require("kind", `one of ${ACTOR_KINDS.join(", ")}`);
  const kind = actorKind.parse(kindSite, undefined);
  const table = ACTOR_TABLES[kind] as Table<ActorSpec>;
  const keys = actorYamlKeys(kind);
  const map = item.map(keys, `a ${kind} actor: a map with keys ${keys.join(", ")}`);
  const region = resolveRegion(map.require("region", "the name of a region"), ctx);
  const fields = readFields(table, map, { ...ctx, index, kind, region });
  return { kind, ...fields } as ActorSpec;
}

function resolveRegion(site: Site, ctx: ScenarioContext): RegionSpec {
  return ctx.regions.get(regionRef.parse(site, ctx))!;
}
