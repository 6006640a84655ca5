import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SMALL_STORY } from "../../../test/support/small_events.ts";
import { arbAnyEvents, arbFrameSoup, arbWellFormedFrames } from "../../../test/support/trace_arbitraries.ts";
import { PAGEMAP_FILE, PAGEMAP_MAPPED, PAGEMAP_SWAPBACKED } from "../../kernel/folio_flags.ts";
import type { TraceEvent, TraceTask } from "../../kernel/trace.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { formatFtrace } from "./ftrace.ts";
import { HEADER_LINES } from "./header.ts";

/** The layout of one 6.x event line (line.ts): comm right-aligned in 16 columns, five flags. */
const LINE =
  /^(.{16})-(\d+) +\[(\d{3})\] ([dDbX.][NnpLlBb.][ZzHhs.][0-9a-f.][0-9a-f.]) +(\d+\.\d{6}): ([a-z_0-9]+): (.*)$/;

const PTR = "[0-9a-f]{16}";
const REF = `pfn=0x[0-9a-f]+ flags=\\S* count=-?\\d+ mapcount=-?\\d+ mapping=${PTR} mt=[145] val=-?\\d+`;
const FIELDS: Readonly<Record<string, RegExp>> = {
  page_ref_set: new RegExp(`^${REF}$`),
  page_ref_mod: new RegExp(`^${REF}$`),
  page_ref_mod_and_test: new RegExp(`^${REF} ret=[01]$`),
  page_ref_freeze: new RegExp(`^${REF} ret=[01]$`),
  page_ref_unfreeze: new RegExp(`^${REF}$`),
  mm_lru_insertion: new RegExp(`^folio=${PTR} pfn=0x[0-9a-f]+ lru=[0-4] flags=[M ][af][s ][b ][d ][B ]$`),
  mm_migrate_pages_start: /^mode=MIGRATE_(ASYNC|SYNC_LIGHT|SYNC) reason=(longterm_pin|compaction)$/,
  mm_migrate_pages:
    /^nr_succeeded=\d+ nr_failed=\d+ nr_thp_succeeded=\d+ nr_thp_failed=\d+ nr_thp_split=\d+ nr_split=\d+ mode=MIGRATE_\w+ reason=\w+$/,
  workqueue_queue_work: new RegExp(
    `^work struct=${PTR} function=\\S+ workqueue=mm_percpu_wq req_cpu=\\d+ cpu=\\d+$`,
  ),
  workqueue_activate_work: new RegExp(`^work struct ${PTR} function=\\S+ $`),
  workqueue_execute_start: new RegExp(`^work struct ${PTR}: function \\S+$`),
  workqueue_execute_end: new RegExp(`^work struct ${PTR}: function \\S+$`),
  r_pin_user_pages_0: /^\(\S+\+0x[0-9a-f]+\/0x[0-9a-f]+ <- pin_user_pages\) ret=-?\d+$/,
  r_pin_user_pages_fast_0: /^\(\S+\+0x[0-9a-f]+\/0x[0-9a-f]+ <- pin_user_pages_fast\) ret=-?\d+$/,
  r___gup_longterm_locked_0: /^\(\S+\+0x[0-9a-f]+\/0x[0-9a-f]+ <- __gup_longterm_locked\) ret=-?\d+$/,
  tracing_mark_write: /^([BCEI])\|\d+(\|[^|]+)?(\|-?\d+)?$/,
};

interface Parsed {
  readonly comm: string;
  readonly pid: number;
  readonly cpu: number;
  readonly latency: string;
  readonly ts: string;
  readonly event: string;
  readonly fields: string;
}

function body(text: string): string[] {
  const lines = text.split("\n");
  expect(lines.at(-1)).toBe("");
  return lines.slice(HEADER_LINES, -1);
}

function parse(line: string): Parsed {
  const m = LINE.exec(line);
  if (m === null) throw new Error(`not an ftrace line: ${JSON.stringify(line)}`);
  return {
    comm: m[1]!.trimStart(),
    pid: Number(m[2]),
    cpu: Number(m[3]),
    latency: m[4]!,
    ts: m[5]!,
    event: m[6]!,
    fields: m[7]!,
  };
}

function usOf(ts: string): number {
  const [secs, micros] = ts.split(".");
  return Number(secs) * 1_000_000 + Number(micros);
}

/** Replays what Perfetto's importer does with slices: one stack per thread (line pid). */
function replaySlices(lines: readonly Parsed[]): { opened: number; problems: string[] } {
  const stacks = new Map<number, string[]>();
  const problems: string[] = [];
  let opened = 0;
  for (const l of lines) {
    const stack = stacks.get(l.pid) ?? [];
    stacks.set(l.pid, stack);
    const mark = l.event === "tracing_mark_write" ? l.fields : "";
    if (mark.startsWith("B|") || l.event === "workqueue_execute_start") {
      if (mark.startsWith("B|") && mark.split("|")[1] !== String(l.pid))
        problems.push(`B of another pid: ${mark}`);
      stack.push(l.event === "workqueue_execute_start" ? l.fields : "B");
      opened++;
    } else if (mark.startsWith("E|")) {
      if (mark !== `E|${l.pid}`) problems.push(`E of another pid: ${mark}`);
      if (stack.pop() === undefined) problems.push(`E with nothing open on ${l.pid}`);
    } else if (l.event === "workqueue_execute_end") {
      if (stack.pop() !== l.fields) problems.push(`workqueue_execute_end not closing its work on ${l.pid}`);
    }
  }
  for (const [pid, stack] of stacks)
    if (stack.length > 0) problems.push(`${stack.length} left open on ${pid}`);
  return { opened, problems };
}

const VCPU: TraceTask = { pid: 42, comm: "vcpu" };

function fn(t_ns: number, begin: boolean, func: string, task: TraceTask = VCPU, cpu = 1): TraceEvent {
  return { type: begin ? "func_begin" : "func_end", t_ns, cpu, task, func, value: 0 };
}

function marks(text: string): string[] {
  return body(text)
    .map(parse)
    .filter((l) => l.event === "tracing_mark_write")
    .map((l) => `${l.ts} ${l.fields}`);
}

describe("formatFtrace header", () => {
  it("prints the 6.x nop tracer header: entry and CPU counts, five latency columns", () => {
    const text = formatFtrace([fn(5_000, true, "a"), fn(9_000, false, "a")], { nrCpus: 4 });
    expect(text.split("\n").slice(0, HEADER_LINES)).toEqual([
      "# tracer: nop",
      "#",
      "# entries-in-buffer/entries-written: 2/2   #P:4",
      "#",
      "#                                _-----=> irqs-off/BH-disabled",
      "#                               / _----=> need-resched",
      "#                              | / _---=> hardirq/softirq",
      "#                              || / _--=> preempt-depth",
      "#                              ||| / _-=> migrate-disable",
      "#                              |||| /     delay",
      "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
      "#              | |         |   |||||     |         |",
    ]);
  });

  it("puts each column under its header: CPU#, the flags under |||||, TIMESTAMP inside the seconds", () => {
    const lines = formatFtrace([fn(1_234_567_891, true, "x", { pid: 1027, comm: "vcpu0" }, 3)]).split("\n");
    const labels = lines[HEADER_LINES - 2]!;
    const line = lines[HEADER_LINES]!;
    const flags = labels.indexOf("|||||");
    expect(line.slice(flags, flags + 5)).toBe(".....");
    expect(line.indexOf("[003]")).toBe(labels.indexOf("CPU#"));
    const field = { start: flags + 6, end: line.indexOf(": tracing_mark_write") };
    expect(line.slice(field.start, field.end)).toBe("    1.234567");
    expect(labels.indexOf("TIMESTAMP")).toBeGreaterThanOrEqual(field.start);
    expect(labels.indexOf("TIMESTAMP") + "TIMESTAMP".length).toBeLessThanOrEqual(field.end);
  });

  it("never reports fewer CPUs than the events use", () => {
    const text = formatFtrace([{ ...fn(0, true, "a"), cpu: 9 }], { nrCpus: 2 });
    expect(text).toContain("#P:10\n");
  });

  it("prints only the header for no events", () => {
    expect(formatFtrace([]).split("\n")).toHaveLength(HEADER_LINES + 1);
  });
});

describe("formatFtrace lines", () => {
  it("lays out task, CPU, five flags and µs timestamp like the kernel", () => {
    const [line] = body(
      formatFtrace([fn(1_234_567_891, true, "pin_user_pages", { pid: 1027, comm: "vcpu0" }, 3)]),
    );
    expect(line).toBe(
      "           vcpu0-1027    [003] .....     1.234567: tracing_mark_write: B|1027|pin_user_pages",
    );
  });

  it("prints nine fraction digits with ns timestamps", () => {
    const [line] = body(formatFtrace([fn(1_234_567_891, true, "a")], { timestamps: "ns" }));
    expect(line).toContain(" .....     1.234567891: tracing_mark_write: B|42|a");
  });

  it("truncates comm to 15 characters and names an empty comm <...>", () => {
    const lines = body(
      formatFtrace([
        fn(0, true, "a", { pid: 1, comm: "a_task_name_longer_than_fifteen" }),
        fn(0, true, "a", { pid: 2, comm: "" }),
      ]),
    ).map(parse);
    // The two B lines, then the E lines closing them at the end.
    expect(lines.map((l) => l.comm)).toEqual(["a_task_name_lon", "<...>", "a_task_name_lon", "<...>"]);
  });

  it("formats kernel tracepoints with the kernel's fields and lock context", () => {
    const task = VCPU;
    const work = { task, work: 3, func: "lru_add_drain_per_cpu", target_cpu: 6 } as const;
    const text = formatFtrace([
      {
        type: "mm_lru_insertion",
        t_ns: 0,
        cpu: 2,
        task,
        folio: 5,
        pfn: 0x10,
        lru: "unevictable",
        flags: "",
        pagemap: PAGEMAP_MAPPED | PAGEMAP_FILE | PAGEMAP_SWAPBACKED,
      },
      { type: "workqueue_queue_work", t_ns: 1, cpu: 2, ...work },
      { type: "workqueue_execute_start", t_ns: 2, cpu: 6, ...work },
      { type: "workqueue_execute_end", t_ns: 3, cpu: 6, ...work },
    ]);
    expect(body(text).map((l) => `${parse(l).latency} ${parse(l).event}: ${parse(l).fields}`)).toEqual([
      "d..1. mm_lru_insertion: folio=ffffea0000000400 pfn=0x10 lru=4 flags=Mf b  ",
      "d..2. workqueue_queue_work: work struct=ffff8881000000c0 function=lru_add_drain_per_cpu workqueue=mm_percpu_wq req_cpu=6 cpu=6",
      "d..2. workqueue_activate_work: work struct ffff8881000000c0 function=lru_add_drain_per_cpu ",
      "..... workqueue_execute_start: work struct ffff8881000000c0: function lru_add_drain_per_cpu",
      "..... workqueue_execute_end: work struct ffff8881000000c0: function lru_add_drain_per_cpu",
    ]);
  });

  it("emits counters for refcount, expected refcount and batch size, and a check marker", () => {
    const task = VCPU;
    const text = formatFtrace([
      {
        type: "page_ref_mod",
        t_ns: 0,
        cpu: 1,
        task,
        folio: 9,
        pfn: 1,
        flags: "",
        count: 3,
        mapcount: 0,
        val: 1,
        holder: "x",
        migratetype: 0,
        mapping: -1,
        anon: true,
      },
      { type: "batch_enqueue", t_ns: 1, cpu: 1, task, folio: 9, batch: "mlock", batch_cpu: 7, size: 4 },
      { type: "refcount_check", t_ns: 2, cpu: 1, task, folio: 9, count: 3, expected: 2, ok: false, pass: 1 },
    ]);
    expect(marks(text)).toEqual([
      "0.000000 C|0|folio 9 refcount|3",
      "0.000000 C|0|cpu7 mlock batch|4",
      "0.000000 C|0|folio 9 expected refcount|2",
      "0.000000 I|42|refcount_check folio 9 pass 1: count 3 != expected 2",
    ]);
  });

  it("sorts by time, keeping input order for equal times", () => {
    const text = formatFtrace([
      fn(2_000, true, "b"),
      fn(1_000, true, "a"),
      fn(2_000, false, "b"),
      fn(2_000, false, "a"),
    ]);
    expect(marks(text)).toEqual(["0.000001 B|42|a", "0.000002 B|42|b", "0.000002 E|42", "0.000002 E|42"]);
  });

  it("keeps names from breaking the atrace grammar", () => {
    expect(marks(formatFtrace([fn(0, true, "a|b\nc"), fn(0, false, "a|b\nc")]))).toEqual([
      "0.000000 B|42|a_b_c",
      "0.000000 E|42",
    ]);
  });

  it("every line matches its event kind, for any events", () => {
    fc.assert(
      fc.property(arbAnyEvents, (events) => {
        for (const line of body(formatFtrace(events))) {
          const l = parse(line);
          expect(FIELDS[l.event], l.event).toBeDefined();
          expect(l.fields).toMatch(FIELDS[l.event]!);
        }
      }),
    );
  });

  it("prints only the chosen event names, and counts only what it prints", () => {
    fc.assert(
      fc.property(arbAnyEvents, (events) => {
        const text = formatFtrace(events, { events: (name) => name.startsWith("page_ref_") });
        const lines = body(text).map(parse);
        for (const l of lines) expect(l.event).toMatch(/^page_ref_/);
        expect(text).toContain(`# entries-in-buffer/entries-written: ${lines.length}/${lines.length}`);
      }),
    );
  });

  it("timestamps are monotonic, with 6 decimals", () => {
    fc.assert(
      fc.property(arbAnyEvents, (events) => {
        const times = body(formatFtrace(events)).map((line) => parse(line).ts);
        for (const ts of times) expect(ts).toMatch(/^\d+\.\d{6}$/);
        for (let i = 1; i < times.length; i++)
          expect(usOf(times[i]!)).toBeGreaterThanOrEqual(usOf(times[i - 1]!));
      }),
    );
  });

  it("the entries line counts the event lines", () => {
    fc.assert(
      fc.property(arbAnyEvents, (events) => {
        const text = formatFtrace(events);
        const n = body(text).length;
        expect(text).toContain(`# entries-in-buffer/entries-written: ${n}/${n}   #P:`);
      }),
    );
  });

  it("is a pure function of its input", () => {
    fc.assert(
      fc.property(arbAnyEvents, (events) => {
        expect(formatFtrace(events)).toBe(formatFtrace([...events]));
      }),
    );
  });
});

describe("formatFtrace B/E balance", () => {
  it("drops an E without a B", () => {
    expect(marks(formatFtrace([fn(1_000, false, "a"), fn(2_000, true, "b"), fn(3_000, false, "b")]))).toEqual(
      ["0.000002 B|42|b", "0.000003 E|42"],
    );
  });

  it("closes an unmatched B at the last timestamp", () => {
    const other: TraceTask = { pid: 7, comm: "other" };
    const text = formatFtrace([
      fn(1_000, true, "a"),
      fn(5_000, true, "x", other),
      fn(6_000, false, "x", other),
    ]);
    expect(marks(text)).toEqual(["0.000001 B|42|a", "0.000005 B|7|x", "0.000006 E|7", "0.000006 E|42"]);
  });

  it("closes frames an end skips over before closing its own", () => {
    const text = formatFtrace([
      fn(1_000, true, "outer"),
      fn(2_000, true, "inner"),
      fn(3_000, false, "outer"),
    ]);
    expect(marks(text)).toEqual([
      "0.000001 B|42|outer",
      "0.000002 B|42|inner",
      "0.000003 E|42",
      "0.000003 E|42",
    ]);
  });

  it("drops a workqueue_execute_end whose work is not executing", () => {
    const w = { cpu: 1, task: VCPU, func: "lru_add_drain_per_cpu", target_cpu: 1 } as const;
    const text = formatFtrace([
      { type: "workqueue_execute_start", t_ns: 0, work: 1, ...w },
      { type: "workqueue_execute_end", t_ns: 1_000, work: 2, ...w },
    ]);
    expect(body(text).map((l) => parse(l).event)).toEqual(["workqueue_execute_start", "tracing_mark_write"]);
  });

  it("B/E stay balanced and nested per pid for any begin/end soup", () => {
    fc.assert(
      fc.property(arbFrameSoup, (events) => {
        expect(replaySlices(body(formatFtrace(events)).map(parse)).problems).toEqual([]);
      }),
    );
  });

  it("well-formed input is printed as is: one B per begin, one E per end", () => {
    fc.assert(
      fc.property(arbWellFormedFrames, (events) => {
        const lines = body(formatFtrace(events)).map(parse);
        const replay = replaySlices(lines);
        expect(replay.problems).toEqual([]);
        const begins = events.filter((e) => e.type === "func_begin").length;
        expect(replay.opened).toBe(begins);
        expect(lines.filter((l) => l.fields.startsWith("E|"))).toHaveLength(begins);
      }),
    );
  });
});

describe("formatFtrace golden", () => {
  const golden = (name: string, text: string) => {
    const path = fileURLToPath(new URL(`../../../test/golden/${name}`, import.meta.url));
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, text);
    expect(text).toBe(readFileSync(path, "utf8"));
  };

  it("matches golden/small.ftrace.txt, 6.10+ layouts (UPDATE_GOLDEN=1 rewrites it)", () => {
    golden("small.ftrace.txt", formatFtrace(SMALL_STORY, { nrCpus: 8 }));
  });

  it("matches golden/small.v6.1.ftrace.txt, the layouts of 6.1", () => {
    golden(
      "small.v6.1.ftrace.txt",
      formatFtrace(SMALL_STORY, { nrCpus: 8, tracepoints: resolveKernel("v6.1").tracepoints }),
    );
  });
});
