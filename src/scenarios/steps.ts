// Program steps in YAML: `- touch: {region: guest, pages: 0..3}`, or the short form
// `- mmap: guest` for steps with one obvious argument. One field table per step op; the loader
// and the JSON Schema both walk them (as the actor tables do).

import { didYouMean } from "../versions/suggest.ts";
import type { StepContext } from "./context.ts";
import { type Field, type FieldTable, readFields, yamlKeys } from "./fields.ts";
import { bool, duration, integer, name, oneOf, type ValueKind } from "./kinds.ts";
import type { Step, StepBody, StepOp } from "./program.ts";
import { MapSite, type Site } from "./site.ts";
import { holdTime, pages } from "./step_kinds.ts";

type Ctx = StepContext;
type Args<K extends StepOp> = Omit<Extract<StepBody, { op: K }>, "op">;
type Table<K extends StepOp> = FieldTable<Args<K>, Ctx>;

export interface StepKind<K extends StepOp> {
  /** One line for the schema and docs. */
  readonly doc: string;
  readonly table: Table<K>;
  /** The field a scalar value fills (`- mmap: guest`), if any. */
  readonly short?: keyof Args<K> & string;
}

const regionRef: ValueKind<string, Ctx> = {
  parse(site, ctx) {
    const v = site.plain();
    if (typeof v === "string" && ctx.regions.has(v)) return v;
    const defined = [...ctx.regions.keys()];
    const hint = typeof v === "string" ? didYouMean(v, defined) : "";
    return site.reject(
      `the name of a region defined under regions: (${defined.join(", ") || "none"})${hint}`,
    );
  },
  schema: () => ({ type: "string" }),
  show: (v) => v,
};

const region: Field<string, Ctx> = { key: "region", doc: "The region (by name).", kind: regionRef };
const allPages: Field<Args<"touch">["pages"], Ctx> = {
  key: "pages",
  doc: "Which pages.",
  kind: pages,
  default: { value: { kind: "all" } },
};
const noHold: Field<Args<"hold">["hold"], Ctx> = {
  key: "for",
  doc: "How long the references are kept.",
  kind: holdTime,
  default: { value: { kind: "fixed", ns: 0 } },
};
const async: Field<boolean, Ctx> = {
  key: "async",
  doc: "Run in a task of its own on this CPU (an operation in flight) while the program goes on; `join` waits for it.",
  kind: bool,
  default: { value: false },
};
const cpuOf = integer<Ctx>(0, (ctx) => ({
  max: ctx.machine.cpus - 1,
  why: `machine.cpus is ${ctx.machine.cpus}`,
}));

function flag(key: string, doc: string, value: boolean): Field<boolean, Ctx> {
  return { key, doc, kind: bool, default: { value } };
}

export const STEP_KINDS: { readonly [K in StepOp]: StepKind<K> } = {
  mmap: {
    doc: "memfd_create() + mmap(MAP_SHARED) for a memfd region, mmap(MAP_ANONYMOUS) otherwise.",
    table: { region },
    short: "region",
  },
  munmap: { doc: "munmap() of the region.", table: { region }, short: "region" },
  madvise: {
    doc: "madvise() over region pages: hugepage / nohugepage (later anonymous faults), cold (deactivate), pageout (reclaim).",
    table: {
      region,
      pages: allPages,
      advice: {
        key: "advice",
        doc: "The advice.",
        kind: oneOf(["hugepage", "nohugepage", "cold", "pageout"]),
      },
    },
  },
  pwrite: {
    doc: "pwrite() into a memfd region's page cache without mapping it.",
    table: { region, pages: allPages },
    short: "region",
  },
  fallocate: {
    doc: "fallocate() of a memfd region's pages (page cache, unmapped).",
    table: { region, pages: allPages },
    short: "region",
  },
  read: {
    doc: "A buffered read() of a regular file: readahead adds new page-cache folios to this CPU's lru_add batch.",
    table: {
      file: {
        key: "file",
        doc: "The file (created on first use; each read continues where the last ended).",
        kind: name,
      },
      pages: { key: "pages", doc: "Pages read.", kind: integer(1, 4096), default: { value: 1 } },
    },
    short: "file",
  },
  touch: {
    doc: "Read or write faults over region pages, in an order.",
    table: {
      region,
      pages: allPages,
      write: flag("write", "Write faults (read faults of anonymous memory map the zero page).", true),
      order: {
        key: "order",
        doc: "Order of the touches.",
        kind: oneOf(["sequential", "reverse", "random"]),
        default: { value: "sequential" },
      },
    },
    short: "region",
  },
  mlock2: {
    doc: "mlock2() of the region: with onfault, MLOCK_ONFAULT (nothing populated); without, mlock() (populates every page).",
    table: { region, onfault: flag("onfault", "MLOCK_ONFAULT.", false) },
    short: "region",
  },
  munlock: { doc: "munlock() of the region.", table: { region }, short: "region" },
  mlockall: {
    doc: "mlockall(): MCL_CURRENT locks every mapped region, MCL_FUTURE later mappings, MCL_ONFAULT without populating.",
    table: {
      current: flag("current", "MCL_CURRENT.", true),
      future: flag("future", "MCL_FUTURE.", false),
      onfault: flag("onfault", "MCL_ONFAULT.", false),
    },
  },
  munlockall: { doc: "munlockall().", table: {} },
  process_vm_readv: {
    doc: "process_vm_readv() from another process: short-term pin_user_pages_remote(FOLL_TOUCH) of the pages, the copy, unpin.",
    table: { region, pages: allPages, hold: { ...noHold, doc: "How long the copy keeps the pages pinned." } },
    short: "region",
  },
  get_user_pages: {
    doc: "get_user_pages_remote(): short-term FOLL_GET references held for a while, then put_page().",
    table: { region, pages: allPages, hold: noHold, async },
  },
  lru: {
    doc: "Kernel LRU traffic on one folio of each page (what reclaim, accesses and writeback completion queue): activate, deactivate, rotate, mark-accessed, or mixed (one of them drawn per page).",
    table: {
      region,
      pages: allPages,
      lru_op: {
        key: "op",
        doc: "The LRU operation.",
        kind: oneOf(["activate", "deactivate", "rotate", "mark-accessed", "mixed"]),
      },
    },
  },
  vmsplice: {
    doc: "vmsplice() of the pages into a pipe: the pipe buffers hold page references until the pipe is read.",
    table: {
      region,
      pages: allPages,
      pipe: { key: "pipe", doc: "The pipe (by name).", kind: name, default: { value: "pipe" } },
    },
  },
  pipe_read: {
    doc: "read() of a pipe: drops the page references its buffers hold.",
    table: { pipe: { key: "pipe", doc: "The pipe.", kind: name, default: { value: "pipe" } } },
    short: "pipe",
  },
  hold: {
    doc: "A driver's transient references (a GPU's cuMemset) on the pages present, kept for a while.",
    table: {
      region,
      pages: allPages,
      hold: noHold,
      async,
      what: {
        key: "what",
        doc: "What the references are, in reports.",
        kind: name,
        default: { value: "transient" },
      },
    },
  },
  writeback: {
    doc: "Writeback I/O in flight on the pages present (folio_start_writeback(); its completion, folio_end_writeback(), comes `for` later and wakes folio_wait_writeback()): migration in an async pass gives up on such a folio, a sync pass waits for it. The program goes on at once; `join` waits for the completion.",
    table: {
      region,
      pages: allPages,
      hold: {
        key: "for",
        doc: "How long the I/O is in flight: PG_writeback stays set this long.",
        kind: holdTime,
      },
    },
  },
  khugepaged_scan: {
    doc: "One scan of the khugepaged kernel thread (khugepaged_do_scan()): lru_add_drain_all(), then the scan, which collapses nothing in pinsim.",
    table: {},
  },
  io_uring_register: {
    doc: "io_uring IORING_REGISTER_BUFFERS: pin_user_pages_fast(FOLL_WRITE | FOLL_LONGTERM) over the pages.",
    table: {
      region,
      pages: allPages,
      ring: { key: "ring", doc: "The ring (by name).", kind: name, default: { value: "ring" } },
    },
    short: "region",
  },
  io_uring_unregister: {
    doc: "IORING_UNREGISTER_BUFFERS: unpins the ring's buffer.",
    table: { ring: { key: "ring", doc: "The ring.", kind: name, default: { value: "ring" } } },
    short: "ring",
  },
  pin_user_pages: {
    doc: "pin_user_pages() from an in-kernel caller (pKVM, VFIO, RDMA): the pins are kept until unpin_user_pages.",
    table: {
      region,
      pages: allPages,
      fast: flag("fast", "pin_user_pages_fast().", false),
      longterm: flag("longterm", "FOLL_LONGTERM.", true),
      write: flag("write", "FOLL_WRITE.", true),
      as: {
        key: "as",
        doc: "Name of the pin set, for unpin_user_pages.",
        kind: name,
        default: { value: "pins" },
      },
      what: { key: "what", doc: "What the pin is for, in reports.", kind: name, default: { value: "pin" } },
    },
    short: "region",
  },
  unpin_user_pages: {
    doc: "unpin_user_pages() of a pin set.",
    table: { pins: { key: "pins", doc: "The pin set.", kind: name, default: { value: "pins" } } },
    short: "pins",
  },
  sched_setaffinity: {
    doc: "Moves the task to another CPU.",
    table: { cpu: { key: "cpu", doc: "The CPU.", kind: cpuOf } },
    short: "cpu",
  },
  sleep: {
    doc: "Sleeps (off-CPU) this long.",
    table: { ns: { key: "for", doc: "How long.", kind: duration() } },
    short: "ns",
  },
  sleep_until: {
    doc: "Sleeps until this virtual time (no sleep if it has passed).",
    table: { at_ns: { key: "time", doc: "When.", kind: duration() } },
    short: "at_ns",
  },
  repeat: {
    doc: "Runs `steps` `times` times.",
    table: {
      times: { key: "times", doc: "How many times.", kind: integer(1, 1_000_000) },
      steps: {
        key: "steps",
        doc: "The steps.",
        kind: { parse: () => [], schema: () => ({ $ref: "#/$defs/program" }), show: () => [] },
      },
    },
  },
  wait_for: {
    doc: "Waits until another task has finished its step with this label (a barrier): `wait_for: task.label`.",
    table: {
      task: { key: "task", doc: "The task.", kind: name },
      task_label: { key: "label", doc: "The label of one of its steps.", kind: name },
    },
  },
  join: { doc: "Waits for this task's async operations to finish.", table: {} },
};

export const STEP_OPS = Object.keys(STEP_KINDS) as StepOp[];

/** Reads a `program:` list. `readNested` reads the steps of a `repeat`. */
export function readProgram(site: Site, ctx: Ctx, depth = 0): Step[] {
  const items = site.items("a list of steps, each a map with one step name (e.g. - touch: {region: r})");
  if (items.length === 0) site.fail("an empty list", "at least one step");
  return items.map((item) => readStep(item, ctx, depth));
}

function readStep(item: Site, ctx: Ctx, depth: number): Step {
  const expected = `a step: a map with one of ${STEP_OPS.join(", ")} (and an optional label)`;
  const top = item.map(null, expected);
  const ops = [...top.entries.keys()].filter((k) => k !== "label");
  if (ops.length !== 1) {
    const at = ops.length > 1 ? top.entries.get(ops[1]!)!.key : item;
    at.fail(ops.length === 0 ? "no step name" : `a second step name "${ops[1]}"`, expected);
  }
  const key = top.entries.get(ops[0]!)!.key;
  const op = oneOf(STEP_OPS).parse(key, undefined);
  const label = top.get("label") === undefined ? undefined : name.parse(top.get("label")!, undefined);
  const body = readBody(op, top.get(op)!, ctx, depth);
  return (label === undefined ? body : { ...body, label }) as Step;
}

function readBody(op: StepOp, site: Site, ctx: Ctx, depth: number): StepBody {
  if (op === "wait_for") return readWaitFor(site);
  const kind = STEP_KINDS[op] as StepKind<StepOp>;
  const table = kind.table as FieldTable<Record<string, unknown>, Ctx>;
  const keys = yamlKeys(table);
  const map = scalarOrMap(site, kind, keys, op);
  const regionSite = map.get("region");
  const stepCtx =
    regionSite === undefined ? ctx : { ...ctx, region: ctx.regions.get(regionRef.parse(regionSite, ctx))! };
  const args = readFields(table, map, stepCtx);
  if (op === "repeat") {
    if (depth >= 8) site.fail("repeats nested 9 deep", "at most 8 nested repeats");
    args.steps = readProgram(map.require("steps", "a list of steps"), ctx, depth + 1);
  }
  return { op, ...args } as StepBody;
}

/** `- mmap: guest` is `- mmap: {region: guest}`; an empty value takes every default. */
function scalarOrMap(site: Site, kind: StepKind<StepOp>, keys: string[], op: string): MapSite {
  const v = site.plain();
  if (kind.short !== undefined && v !== null && typeof v !== "object") {
    const table = kind.table as FieldTable<Record<string, unknown>, Ctx>;
    return new MapSite(site, new Map([[table[kind.short]!.key, { key: site, value: site }]]));
  }
  const expected =
    keys.length === 0 ? `nothing (write "- ${op}:" or "- ${op}: {}")` : `a map with keys ${keys.join(", ")}`;
  return site.mapOrEmpty(keys, expected);
}

const TASK_LABEL = /^([A-Za-z0-9][A-Za-z0-9_-]*)\.([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

function readWaitFor(site: Site): StepBody {
  const v = site.plain();
  const m = typeof v === "string" ? TASK_LABEL.exec(v) : null;
  if (m === null) return site.reject('"task.label": a task name, a dot, and the label of one of its steps');
  return { op: "wait_for", task: m[1]!, task_label: m[2]! };
}
