import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SMALL_STORY } from "../../../test/support/small_events.ts";
import { arbAnyEvents, arbFrameSoup, arbWellFormedFrames } from "../../../test/support/trace_arbitraries.ts";
import type { TraceEvent, TraceTask } from "../../kernel/trace.ts";
import { formatChromeTrace } from "./chrome_trace.ts";
import type { ChromeEvent } from "./events.ts";

interface Trace {
  readonly traceEvents: ChromeEvent[];
  readonly displayTimeUnit: string;
}

function parse(text: string): Trace {
  return JSON.parse(text) as Trace;
}

function events(input: readonly TraceEvent[], nrCpus?: number): ChromeEvent[] {
  return parse(formatChromeTrace(input, nrCpus === undefined ? {} : { nrCpus })).traceEvents;
}

function ns(us: number): number {
  return Math.round(us * 1000);
}

function slices(evs: readonly ChromeEvent[]): ChromeEvent[] {
  return evs.filter((e) => e.ph === "X");
}

/** Pairs on one tid that overlap without one containing the other. */
function crossingPairs(evs: readonly ChromeEvent[]): string[] {
  const xs = slices(evs).map((e) => ({ e, start: ns(e.ts!), end: ns(e.ts!) + ns(e.dur!) }));
  const bad: string[] = [];
  for (const a of xs) {
    for (const b of xs) {
      if (a === b || a.e.tid !== b.e.tid) continue;
      const disjoint = a.end <= b.start || b.end <= a.start;
      const aInB = b.start <= a.start && a.end <= b.end;
      const bInA = a.start <= b.start && b.end <= a.end;
      if (!(disjoint || aInB || bInA))
        bad.push(`${a.e.name}[${a.start},${a.end}] x ${b.e.name}[${b.start},${b.end}]`);
    }
  }
  return bad;
}

function keyOf(e: ChromeEvent): string {
  return `${e.cat}/${e.name}/${e.id}`;
}

/** Each key must have exactly one opening and one closing event, the closing one not earlier. */
function pairProblems(evs: readonly ChromeEvent[], open: string, close: string): string[] {
  const byKey = new Map<string, ChromeEvent[]>();
  for (const e of evs.filter((x) => x.ph === open || x.ph === close))
    byKey.set(keyOf(e), [...(byKey.get(keyOf(e)) ?? []), e]);
  const problems: string[] = [];
  for (const [key, group] of byKey) {
    const opens = group.filter((e) => e.ph === open);
    const closes = group.filter((e) => e.ph === close);
    if (opens.length !== 1 || closes.length !== 1)
      problems.push(`${key}: ${opens.length} ${open}, ${closes.length} ${close}`);
    else if (closes[0]!.ts! < opens[0]!.ts!) problems.push(`${key}: ${close} before ${open}`);
  }
  return problems;
}

/** Perfetto binds a flow event to the topmost slice open on its thread: it must be the one just before. */
function unboundFlows(evs: readonly ChromeEvent[]): string[] {
  const problems: string[] = [];
  evs.forEach((e, i) => {
    if (e.ph !== "s" && e.ph !== "f") return;
    let j = i - 1;
    while (j >= 0 && (evs[j]!.ph === "s" || evs[j]!.ph === "f")) j--;
    const anchor = evs[j];
    if (anchor?.ph !== "X" || anchor.tid !== e.tid || anchor.ts !== e.ts || anchor.dur !== 0) {
      problems.push(`${e.ph} ${e.id} at ${e.ts} not right after its zero-length slice`);
    }
  });
  return problems;
}

const VCPU: TraceTask = { pid: 42, comm: "vcpu" };
const MLOCK: TraceTask = { pid: 77, comm: "mlocker" };

function fn(t_ns: number, begin: boolean, func: string, task: TraceTask = VCPU, cpu = 1): TraceEvent {
  return { type: begin ? "func_begin" : "func_end", t_ns, cpu, task, func, value: begin ? 1 : -11 };
}

function check(t_ns: number, folio: number, ok: boolean): TraceEvent {
  return { type: "refcount_check", t_ns, cpu: 1, task: VCPU, folio, count: 3, expected: 2, ok, pass: 1 };
}

function enqueue(t_ns: number, folio: number, release = false): TraceEvent {
  const type = release ? "batch_release" : "batch_enqueue";
  return { type, t_ns, cpu: 7, task: MLOCK, folio, batch: "mlock", batch_cpu: 7, size: release ? 0 : 1 };
}

function ref(t_ns: number, folio: number, val: number, holder: string): TraceEvent {
  return {
    type: "page_ref_mod",
    t_ns,
    cpu: 5,
    task: MLOCK,
    folio,
    pfn: folio,
    flags: "",
    count: 3,
    mapcount: 0,
    val,
    holder,
  };
}

/** [source slice name, source ts] of each flow, by the finish's ts. */
function flowSources(evs: readonly ChromeEvent[]): [string, number][] {
  return evs.flatMap((e, i) => {
    if (e.ph !== "s") return [];
    let j = i - 1;
    while (evs[j]!.ph === "s") j--;
    return [[`${evs[j]!.name}/${JSON.stringify(evs[j]!.args)}`, e.ts!] as [string, number]];
  });
}

describe("formatChromeTrace structure", () => {
  it("is JSON with traceEvents and displayTimeUnit ns", () => {
    const trace = parse(formatChromeTrace(SMALL_STORY));
    expect(Array.isArray(trace.traceEvents)).toBe(true);
    expect(trace.displayTimeUnit).toBe("ns");
  });

  it("names one process and one track per CPU", () => {
    const meta = events([fn(0, true, "a", VCPU, 2)], 4).filter((e) => e.ph === "M");
    expect(meta.filter((e) => e.name === "process_name").map((e) => e.args)).toEqual([{ name: "pinsim" }]);
    expect(meta.filter((e) => e.name === "thread_name").map((e) => [e.tid, e.args!.name])).toEqual([
      [1000, "CPU 0"],
      [1001, "CPU 1"],
      [1002, "CPU 2"],
      [1003, "CPU 3"],
    ]);
  });

  it("every track used has a name, in the one pinsim process", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        const evs = events(input);
        const named = new Set(evs.filter((e) => e.name === "thread_name").map((e) => e.tid));
        for (const e of evs) {
          expect(e.pid).toBe(1);
          expect(named.has(e.tid)).toBe(true);
        }
      }),
    );
  });

  it("is a pure function of its input", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        expect(formatChromeTrace(input)).toBe(formatChromeTrace([...input]));
      }),
    );
  });
});

describe("formatChromeTrace slices", () => {
  it("uses µs for ts and dur, and puts the task in args", () => {
    const evs = events([
      fn(2_000_000, true, "pin_user_pages", VCPU, 3),
      fn(2_201_000, false, "pin_user_pages", VCPU, 3),
    ]);
    expect(slices(evs)).toEqual([
      {
        name: "pin_user_pages",
        cat: "func",
        ph: "X",
        ts: 2000,
        dur: 201,
        pid: 1,
        tid: 1003,
        args: { task: "vcpu", pid: 42, value: 1, ret: -11 },
      },
    ]);
  });

  it("every ts is an input time / 1000 and every dur is >= 0", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        const times_us = new Set(input.map((e) => e.t_ns / 1000));
        for (const e of events(input).filter((x) => x.ph !== "M")) {
          expect(times_us.has(e.ts!)).toBe(true);
          if (e.ph === "X") {
            expect(e.dur!).toBeGreaterThanOrEqual(0);
            expect(times_us.has((ns(e.ts!) + ns(e.dur!)) / 1000)).toBe(true);
          }
        }
      }),
    );
  });

  it("X slices on one track are disjoint or nested, for any begin/end soup", () => {
    fc.assert(
      fc.property(arbFrameSoup, (input) => {
        expect(crossingPairs(events(input))).toEqual([]);
      }),
    );
  });

  it("X slices on one track are disjoint or nested, for any events", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        expect(crossingPairs(events(input))).toEqual([]);
      }),
    );
  });

  it("well-formed frames become exactly their slices, none closed by the formatter", () => {
    fc.assert(
      fc.property(arbWellFormedFrames, (input) => {
        const funcSlices = slices(events(input)).filter((e) => e.cat === "func");
        expect(funcSlices).toHaveLength(input.filter((e) => e.type === "func_begin").length);
        for (const s of funcSlices) expect(s.args!.closed_by).toBeUndefined();
      }),
    );
  });

  it("moves a task whose frames cross another task's on the same CPU to an overlap track", () => {
    const evs = events(
      [
        fn(1_000, true, "migrate_pages"),
        fn(2_000, true, "lru_add_drain", MLOCK),
        fn(3_000, false, "migrate_pages"),
        fn(4_000, false, "lru_add_drain", MLOCK),
      ],
      2,
    );
    expect(slices(evs).map((e) => [e.name, e.tid])).toEqual([
      ["migrate_pages", 1001],
      ["lru_add_drain", 2001],
    ]);
    expect(evs.filter((e) => e.name === "thread_name").map((e) => e.args!.name)).toEqual([
      "CPU 0",
      "CPU 1",
      "CPU 1 (overlap 1)",
    ]);
  });

  it("closes a slice left open at the last event's time, and marks it", () => {
    const [slice] = slices(events([fn(1_000, true, "pin_user_pages"), check(9_000, 1, true)]));
    expect([slice!.name, slice!.dur, slice!.args!.closed_by]).toEqual(["pin_user_pages", 8, "end of trace"]);
  });
});

describe("formatChromeTrace counters and batches", () => {
  it("counters carry finite numbers only", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        for (const c of events(input).filter((e) => e.ph === "C")) {
          const values = Object.values(c.args!);
          expect(values.length).toBeGreaterThan(0);
          for (const v of values) expect(Number.isFinite(v)).toBe(true);
        }
      }),
    );
  });

  it("has refcount, expected refcount and batch size counters", () => {
    const evs = events([ref(1_000, 4, 1, "pin"), enqueue(2_000, 4), check(3_000, 4, false)]);
    expect(evs.filter((e) => e.ph === "C").map((e) => [e.name, e.args])).toEqual([
      ["folio 4", { refcount: 3 }],
      ["cpu7 mlock batch", { size: 1 }],
      ["folio 4 expected", { refcount: 2 }],
    ]);
  });

  it("every batch stay is one async b/e pair", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        expect(pairProblems(events(input), "b", "e")).toEqual([]);
      }),
    );
  });

  it("pairs enqueue and release of the same folio, batch and CPU, first in first out", () => {
    const evs = events([enqueue(1_000, 1), enqueue(2_000, 1), enqueue(3_000, 2), enqueue(4_000, 1, true)]);
    const asyncs = evs.filter((e) => e.ph === "b" || e.ph === "e").map((e) => `${e.ph}${e.id}@${e.ts}`);
    expect(asyncs).toEqual(["b0x0@1", "b0x1@2", "b0x2@3", "e0x0@4", "e0x1@4", "e0x2@4"]);
  });
});

describe("formatChromeTrace flows", () => {
  it("every flow start has one finish with the same id, cat and name, bound to a slice", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        const evs = events(input);
        expect(pairProblems(evs, "s", "f")).toEqual([]);
        expect(unboundFlows(evs)).toEqual([]);
        for (const f of evs.filter((e) => e.ph === "f")) expect(f.bp).toBe("e");
      }),
    );
  });

  it("links a failed check to the most recent enqueue of the folio still in a batch", () => {
    const evs = events([
      enqueue(1_000, 3),
      enqueue(2_000, 3),
      enqueue(2_500, 3, true),
      check(5_000, 3, false),
    ]);
    expect(flowSources(evs)).toEqual([
      [
        "batch_enqueue/" +
          JSON.stringify({ folio: 3, batch: "mlock", batch_cpu: 7, size: 1, task: "mlocker", pid: 77 }),
        2,
      ],
    ]);
  });

  it("falls back to the last transient or gup-get reference, ignoring expected holders", () => {
    const evs = events([
      enqueue(500, 3),
      enqueue(600, 3, true),
      ref(1_000, 3, 1, "gup-get"),
      ref(2_000, 3, 1, "transient"),
      ref(3_000, 3, 1, "pin"),
      ref(3_500, 3, -1, "transient"),
      check(5_000, 3, false),
    ]);
    expect(flowSources(evs).map(([, ts]) => ts)).toEqual([2]);
  });

  it("draws no arrow for passing checks, other folios, or unexplained references", () => {
    const evs = events([
      enqueue(1_000, 8),
      ref(1_500, 9, 1, "pin"),
      check(2_000, 3, true),
      check(3_000, 9, false),
    ]);
    expect(evs.filter((e) => e.ph === "s" || e.ph === "f")).toEqual([]);
  });
});

describe("formatChromeTrace golden", () => {
  it("matches golden/small.chrome.json (UPDATE_GOLDEN=1 rewrites it)", () => {
    const path = fileURLToPath(new URL("../../../test/golden/small.chrome.json", import.meta.url));
    const text = formatChromeTrace(SMALL_STORY, { nrCpus: 8 });
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, text);
    expect(text).toBe(readFileSync(path, "utf8"));
  });

  it("tells the story: 10 failed checks, each linked to CPU 7's mlock batch", () => {
    const evs = parse(
      readFileSync(fileURLToPath(new URL("../../../test/golden/small.chrome.json", import.meta.url)), "utf8"),
    ).traceEvents;
    const failed = evs.filter((e) => e.name === "refcount_check failed");
    expect(failed).toHaveLength(10);
    expect(new Set(flowSources(evs).map(([name]) => name.split("/")[0]))).toEqual(new Set(["batch_enqueue"]));
    expect(evs.filter((e) => e.ph === "f")).toHaveLength(10);
  });
});
