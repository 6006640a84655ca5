import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIGRATE_CMA, MIGRATE_ISOLATE, MIGRATE_MOVABLE } from "../../kernel/page_alloc.ts";
import type { PageRefModEvent, RefcountCheckEvent, TraceEvent, TraceTask } from "../../kernel/trace.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { CURRENT_TRACEPOINTS } from "./fields.ts";
import { formatFtrace } from "./ftrace.ts";
import { HEADER_LINES } from "./header.ts";
import {
  freezeLines,
  kernelMigratetype,
  mappingPointer,
  pageRefLine,
  pageRefTracepoint,
} from "./page_ref.ts";

const TASK: TraceTask = { pid: 9, comm: "t" };

function ref(count: number, val: number, over: Partial<PageRefModEvent> = {}): PageRefModEvent {
  return {
    type: "page_ref_mod",
    t_ns: 0,
    cpu: 0,
    task: TASK,
    folio: 1,
    pfn: 0x100001,
    flags: "uptodate|lru",
    count,
    mapcount: 0,
    val,
    holder: "mapping",
    migratetype: MIGRATE_MOVABLE,
    mapping: 2,
    anon: false,
    ...over,
  };
}

function check(count: number, ok: boolean): RefcountCheckEvent {
  return { type: "refcount_check", t_ns: 0, cpu: 0, task: TASK, folio: 1, count, expected: 2, ok, pass: 1 };
}

function events(text: string): string[] {
  return text
    .split("\n")
    .slice(HEADER_LINES, -1)
    .map((l) => /: ([a-z_0-9]+): /.exec(l)![1]!)
    .filter((e) => e !== "tracing_mark_write");
}

describe("page_ref tracepoints", () => {
  it("names the helper's tracepoint: set from zero, mod for gets, mod_and_test with ret for puts", () => {
    expect(pageRefTracepoint(ref(1, 1))).toEqual({ event: "page_ref_set", ret: null });
    expect(pageRefTracepoint(ref(1028, 1024))).toEqual({ event: "page_ref_mod", ret: null });
    expect(pageRefTracepoint(ref(3, -1))).toEqual({ event: "page_ref_mod_and_test", ret: 0 });
    expect(pageRefTracepoint(ref(0, -2))).toEqual({ event: "page_ref_mod_and_test", ret: 1 });
  });

  it("prints mt= as the kernel's enum migratetype: CMA pageblocks are MIGRATE_CMA", () => {
    expect([MIGRATE_MOVABLE, MIGRATE_CMA, MIGRATE_ISOLATE].map(kernelMigratetype)).toEqual([1, 4, 5]);
    expect(pageRefLine(ref(2, 1, { migratetype: MIGRATE_CMA }), CURRENT_TRACEPOINTS).fields).toContain(
      " mt=4 ",
    );
  });

  it("prints mapping= NULL without one, a stable non-zero pointer per page cache, anon_vma | 1 for anon", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 20 }), fc.integer({ min: 0, max: 1 << 20 }), (a, b) => {
        expect(mappingPointer(a, false)).toMatch(/^[0-9a-f]{16}$/);
        expect(mappingPointer(a, false)).not.toBe("0000000000000000");
        expect(mappingPointer(a, false) === mappingPointer(b, false)).toBe(a === b);
        expect(Number.parseInt(mappingPointer(a, true).slice(-1), 16) % 2).toBe(1);
        expect(Number.parseInt(mappingPointer(a, false).slice(-1), 16) % 2).toBe(0);
      }),
    );
    expect(mappingPointer(-1, false)).toBe("0000000000000000");
  });

  it("prints page_mapcount() before 6.10 and the raw _mapcount after", () => {
    const unmapped = ref(2, 1, { mapcount: -1 });
    expect(pageRefLine(unmapped, resolveKernel("v6.9").tracepoints).fields).toContain(" mapcount=0 ");
    expect(pageRefLine(unmapped, resolveKernel("v6.11").tracepoints).fields).toContain(" mapcount=-1 ");
  });

  it("turns a check of a page-cache folio into page_ref_freeze (and unfreeze when it succeeds)", () => {
    const state = ref(3, 1);
    const failed = freezeLines(check(3, false), state, CURRENT_TRACEPOINTS);
    expect(failed.map((l) => l.event)).toEqual(["page_ref_freeze"]);
    expect(failed[0]!.fields).toMatch(/ count=3 .* val=2 ret=0$/);
    const ok = freezeLines(check(2, true), state, CURRENT_TRACEPOINTS);
    expect(ok.map((l) => l.event)).toEqual(["page_ref_freeze", "page_ref_unfreeze"]);
    expect(ok[0]!.fields).toMatch(/ count=0 .* val=2 ret=1$/);
    expect(ok[1]!.fields).toMatch(/ count=2 .* val=2$/);
  });

  it("prints no freeze for an anonymous folio outside the swap cache: migration only compares its count", () => {
    expect(freezeLines(check(3, false), ref(3, 1, { anon: true }), CURRENT_TRACEPOINTS)).toEqual([]);
    const swapped = ref(3, 1, { anon: true, flags: "uptodate|swapcache" });
    expect(freezeLines(check(3, false), swapped, CURRENT_TRACEPOINTS)).toHaveLength(1);
    expect(freezeLines(check(3, false), undefined, CURRENT_TRACEPOINTS)).toEqual([]);
  });

  it("prints nothing for a ledger handover (a get, then the allocator's put of as many, at once)", () => {
    const input: TraceEvent[] = [
      ref(1, 1, { holder: "alloc" }),
      ref(2, 1, { holder: "mapping" }),
      ref(1, -1, { holder: "alloc" }),
      ref(2, 1, { holder: "lru-batch", t_ns: 5 }),
      ref(1, -1, { holder: "alloc", t_ns: 6 }),
    ];
    expect(events(formatFtrace(input))).toEqual(["page_ref_set", "page_ref_mod", "page_ref_mod_and_test"]);
  });
});
