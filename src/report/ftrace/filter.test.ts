import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbAnyEvents, arbWellFormedFrames } from "../../../test/support/trace_arbitraries.ts";
import type { TraceEvent, TraceTask } from "../../kernel/trace.ts";
import { eventKeeper, eventNames, FTRACE_EVENT_NAMES, lineSources, nameMatcher } from "./filter.ts";
import { formatFtrace } from "./ftrace.ts";
import { HEADER_LINES } from "./header.ts";

const TASK: TraceTask = { pid: 9, comm: "t" };

function printedNames(events: readonly TraceEvent[]): Set<string> {
  const lines = formatFtrace(events).split("\n").slice(HEADER_LINES, -1);
  return new Set(lines.map((l) => /: ([a-z_0-9]+): /.exec(l)![1]!));
}

describe("trace filters", () => {
  it("globs match whole names: * any run, ? one character", () => {
    const m = nameMatcher(["page_ref_*", "r_?in*"]);
    expect(FTRACE_EVENT_NAMES.filter(m)).toEqual([
      "page_ref_set",
      "page_ref_mod",
      "page_ref_mod_and_test",
      "page_ref_mod_and_return",
      "page_ref_mod_unless",
      "page_ref_freeze",
      "page_ref_unfreeze",
      "r_pin_user_pages_0",
      "r_pin_user_pages_fast_0",
    ]);
    expect(nameMatcher(["mm_migrate_pages"])("mm_migrate_pages_start")).toBe(false);
    expect(nameMatcher(undefined)("anything")).toBe(true);
  });

  it("every name the writer prints is a known name, and each event's names cover its lines", () => {
    fc.assert(
      fc.property(arbAnyEvents, (events) => {
        const names = printedNames(events);
        for (const name of names) expect(FTRACE_EVENT_NAMES).toContain(name);
        for (const ev of events) {
          const own = printedNames([ev]);
          for (const name of own) expect(eventNames(ev)).toContain(name);
        }
      }),
    );
  });

  it("keeps a time window, inclusive at both ends", () => {
    fc.assert(
      fc.property(arbAnyEvents, fc.nat(5e9), fc.nat(5e9), (events, a, b) => {
        const [from_ns, to_ns] = a <= b ? [a, b] : [b, a];
        const keep = eventKeeper({ from_ns, to_ns });
        for (const ev of events) expect(keep(ev)).toBe(ev.t_ns >= from_ns && ev.t_ns <= to_ns);
      }),
    );
  });

  it("keeps CPUs by the CPU the event ran on", () => {
    const keep = eventKeeper({ cpus: new Set([1, 3]) });
    const at = (cpu: number): TraceEvent => ({
      type: "func_begin",
      t_ns: 0,
      cpu,
      task: TASK,
      func: "f",
      value: 0,
    });
    expect([0, 1, 2, 3].map((c) => keep(at(c)))).toEqual([false, true, false, true]);
  });

  it("keeps the chosen folios' events and every event about no folio; a pfn names its folio", () => {
    const keep = eventKeeper({ folios: new Set([2]), pfns: new Set([0x100007]) });
    const base = { t_ns: 0, cpu: 0, task: TASK } as const;
    const ref = (folio: number): TraceEvent => ({
      ...base,
      type: "page_ref_mod",
      folio,
      pfn: 0x100000 + folio,
      flags: "",
      count: 1,
      mapcount: -1,
      val: 1,
      holder: "alloc",
      migratetype: 0,
      mapping: -1,
      anon: true,
    });
    const enqueue = (folio: number): TraceEvent => ({
      ...base,
      type: "batch_enqueue",
      folio,
      batch: "lru_add",
      batch_cpu: 0,
      size: 1,
    });
    expect([ref(2), ref(3), ref(7)].map(keep)).toEqual([true, false, true]);
    expect([enqueue(2), enqueue(3), enqueue(7)].map(keep)).toEqual([true, false, true]);
    expect(keep({ ...base, type: "func_begin", func: "migrate_pages", value: 0 })).toBe(true);
  });

  it("dropping what no chosen line comes from, as the run emits, prints the same text", () => {
    const frameEdges = new Set([
      "func_begin",
      "func_end",
      "workqueue_execute_start",
      "workqueue_execute_end",
    ]);
    const arbGlobs = fc.subarray([...FTRACE_EVENT_NAMES, "page_ref_*", "r_*", "workqueue_*"], {
      minLength: 1,
    });
    fc.assert(
      fc.property(arbAnyEvents, arbWellFormedFrames, arbGlobs, (points, frames, globs) => {
        // Frames still open at the end close at the last event's time, which a dropped event
        // would move; balanced frames keep the comparison about the filter alone.
        const events = [...points.filter((e) => !frameEdges.has(e.type)), ...frames];
        const chosen = nameMatcher(globs);
        const opts = { nrCpus: 4, events: chosen };
        expect(formatFtrace(events.filter(lineSources(chosen)), opts)).toBe(formatFtrace(events, opts));
      }),
    );
  });
});
