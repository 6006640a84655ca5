import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SMALL_STORY } from "../../../test/support/small_events.ts";
import { arbAnyEvents, arbFrameSoup, arbWellFormedFrames } from "../../../test/support/trace_arbitraries.ts";
import type { TraceEvent, TraceTask } from "../../kernel/trace.ts";
import { type ChromeTraceOptions, formatChromeTrace } from "./chrome_trace.ts";
import type { ChromeEvent } from "./events.ts";

interface Trace {
  readonly traceEvents: ChromeEvent[];
  readonly displayTimeUnit: string;
}

function parse(text: string): Trace {
  return JSON.parse(text) as Trace;
}

function events(input: readonly TraceEvent[], opts: ChromeTraceOptions = {}): ChromeEvent[] {
  return parse(formatChromeTrace(input, opts)).traceEvents;
}

function track(e: ChromeEvent): string {
  return `${e.pid}/${e.tid}`;
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
      if (a === b || track(a.e) !== track(b.e)) continue;
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
    if (anchor?.ph !== "X" || track(anchor) !== track(e) || anchor.ts !== e.ts || anchor.dur !== 0) {
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
    migratetype: 0,
    mapping: -1,
    anon: true,
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

  it("makes every task a process with one thread, named by its comm, sorted by CPU", () => {
    const meta = events([fn(0, true, "a", VCPU, 2), fn(0, true, "b", MLOCK, 0)]).filter((e) => e.ph === "M");
    const named = (what: string) => meta.filter((e) => e.name === what).map((e) => [track(e), e.args!.name]);
    expect(named("process_name")).toEqual([
      ["78/78", "pinsim mm state"],
      ["77/77", "mlocker"],
      ["42/42", "vcpu"],
    ]);
    expect(named("thread_name")).toEqual([
      ["77/77", "mlocker"],
      ["42/42", "vcpu"],
    ]);
    expect(meta.filter((e) => e.name === "process_labels").map((e) => e.args!.labels)).toEqual([
      "CPU 0",
      "CPU 2",
    ]);
  });

  it("puts every event on a named process: a task's own thread or the state process", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        const evs = events(input);
        const processes = new Set(evs.filter((e) => e.name === "process_name").map((e) => e.pid));
        const threads = new Set(evs.filter((e) => e.name === "thread_name").map(track));
        const statePid = evs.find((e) => e.args?.name === "pinsim mm state")!.pid;
        for (const e of evs) {
          expect(processes.has(e.pid)).toBe(true);
          if (e.ph === "X" || e.ph === "i") expect(threads.has(track(e))).toBe(true);
          if (e.ph === "C" || e.ph === "b" || e.ph === "e") expect(e.pid).toBe(statePid);
        }
        expect(input.every((ev) => ev.task.pid < statePid)).toBe(true);
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
  it("uses µs for ts and dur, puts the slice on the task's track and the CPU in args", () => {
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
        pid: 42,
        tid: 42,
        args: { cpu: 3, value: 1, ret: -11 },
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

  it("keeps each task's slices on its own track when tasks on one CPU cross", () => {
    const evs = events([
      fn(1_000, true, "migrate_pages"),
      fn(2_000, true, "lru_add_drain", MLOCK),
      fn(3_000, false, "migrate_pages"),
      fn(4_000, false, "lru_add_drain", MLOCK),
    ]);
    expect(slices(evs).map((e) => [e.name, track(e), e.args!.cpu])).toEqual([
      ["migrate_pages", "42/42", 1],
      ["lru_add_drain", "77/77", 1],
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

  it("has refcount and expected refcount counters for the folios a check failed on, batch sizes always", () => {
    const input = [
      ref(1_000, 4, 1, "pin"),
      enqueue(2_000, 4),
      check(3_000, 4, false),
      ref(3_500, 5, 1, "pin"),
    ];
    const counters = (evs: ChromeEvent[]) => evs.filter((e) => e.ph === "C").map((e) => [e.name, e.args]);
    expect(counters(events(input))).toEqual([
      ["folio 4", { refcount: 3 }],
      ["cpu7 mlock batch", { size: 1 }],
      ["folio 4 expected", { refcount: 2 }],
    ]);
    expect(counters(events(input, { folioTracks: "all" }))).toContainEqual(["folio 5", { refcount: 3 }]);
  });

  it("tracks exactly the failed folios by default: counter and async tracks scale with failures, not folios", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        const evs = events(input);
        const failed = new Set(input.flatMap((e) => (e.type === "refcount_check" && !e.ok ? [e.folio] : [])));
        const folioOf = (name: string) => Number(/^folio (\d+)/.exec(name)?.[1] ?? Number.NaN);
        for (const e of evs.filter((x) => x.ph === "C" && x.name.startsWith("folio ")))
          expect(failed.has(folioOf(e.name))).toBe(true);
        for (const e of evs.filter((x) => x.ph === "b"))
          expect(failed.has(e.args!.folio as number)).toBe(true);
      }),
    );
  });

  it("every batch stay is one async b/e pair", () => {
    fc.assert(
      fc.property(arbAnyEvents, (input) => {
        expect(pairProblems(events(input), "b", "e")).toEqual([]);
      }),
    );
  });

  it("pairs enqueue and release of the same folio, batch and CPU, first in first out", () => {
    const evs = events([enqueue(1_000, 1), enqueue(2_000, 1), enqueue(3_000, 2), enqueue(4_000, 1, true)], {
      folioTracks: "all",
    });
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
      [`batch_enqueue/${JSON.stringify({ folio: 3, batch: "mlock", batch_cpu: 7, size: 1, cpu: 7 })}`, 2],
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

describe("formatChromeTrace with ftrace embedded", () => {
  it("adds the text as systemTraceEvents, leaving traceEvents as they were", () => {
    const plain = parse(formatChromeTrace(SMALL_STORY));
    const text =
      "# tracer: nop\n            x-1       [000] .....     0.000001: mm_migrate_pages_start: mode=MIGRATE_SYNC reason=longterm_pin\n";
    const both = JSON.parse(formatChromeTrace(SMALL_STORY, { systemTrace: text })) as Trace & {
      systemTraceEvents: string;
    };
    expect(both.systemTraceEvents).toBe(text);
    expect(both.traceEvents).toEqual(plain.traceEvents);
    expect("systemTraceEvents" in plain).toBe(false);
  });
});

describe("formatChromeTrace golden", () => {
  it("matches golden/small.chrome.json (UPDATE_GOLDEN=1 rewrites it)", () => {
    const path = fileURLToPath(new URL("../../../test/golden/small.chrome.json", import.meta.url));
    const text = formatChromeTrace(SMALL_STORY);
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
