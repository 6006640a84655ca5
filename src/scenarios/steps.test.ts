import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "./errors.ts";
import { parseScenario } from "./parse.ts";
import { STEP_OPS } from "./steps.ts";

const HEAD = [
  "machine: {cpus: 3}",
  "regions:",
  "  - {name: guest, kind: memfd, size: 16KiB}",
  "  - {name: buf, kind: anon, size: 16KiB}",
  "tasks:",
];

function load(...lines: string[]) {
  return parseScenario([...HEAD, ...lines].join("\n"), "p.yaml");
}

function loadError(...lines: string[]): string {
  try {
    load(...lines);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error("loaded");
}

/** One step of every op, in the YAML a user would write. */
const EVERY_STEP = [
  "      - mmap: guest",
  "      - mmap: buf",
  "      - madvise: {region: buf, advice: hugepage}",
  "      - madvise: {region: buf, pages: 0..1, advice: cold}",
  "      - madvise: {region: buf, advice: pageout}",
  "      - pwrite: {region: guest, pages: 2}",
  "      - fallocate: guest",
  "      - read: {file: log, pages: 8}",
  "      - touch: {region: guest, pages: 0..3, write: false, order: reverse}",
  "      - mlock2: {region: guest, onfault: true}",
  "      - munlock: guest",
  "      - mlockall: {current: true, future: true, onfault: true}",
  "      - munlockall:",
  "      - process_vm_readv: {region: buf, pages: {random: 2}, for: 5us}",
  "      - get_user_pages: {region: buf, for: {dist: exponential, mean: 3us}, async: true}",
  "      - lru: {region: buf, op: mixed}",
  "      - vmsplice: {region: buf, pages: 1, pipe: p}",
  "      - pipe_read: p",
  "      - hold: {region: buf, for: 200us, what: cuMemset}",
  "      - join:",
  "      - writeback: {region: buf, pages: 0..1, for: {dist: uniform, min: 1ms, max: 3ms}}",
  "      - khugepaged_scan: {}",
  "      - io_uring_register: buf",
  "      - io_uring_unregister: ring",
  "      - pin_user_pages: {region: guest, fast: true, as: vfio}",
  "      - unpin_user_pages: vfio",
  "      - sched_setaffinity: 2",
  "      - sleep: 1ms",
  "      - sleep_until: 2ms",
  "      - repeat: {times: 3, steps: [{touch: {region: buf, pages: 1}}, {sleep: 1us}]}",
  "        label: looped",
  "      - munmap: guest",
];

describe("program steps in YAML", () => {
  it("every step op loads, with its short form and defaults", () => {
    const s = load("  - name: t", "    cpu: 1", "    program:", ...EVERY_STEP);
    const ops = s.tasks[0]!.program.map((p) => p.op);
    expect(new Set(ops)).toEqual(new Set(STEP_OPS.filter((o) => o !== "wait_for")));
    const byOp = (op: string) => s.tasks[0]!.program.find((p) => p.op === op)!;
    expect(byOp("touch")).toEqual({
      op: "touch",
      region: "guest",
      pages: { kind: "range", first: 0, count: 4 },
      write: false,
      order: "reverse",
    });
    expect(byOp("io_uring_register")).toMatchObject({ region: "buf", pages: { kind: "all" }, ring: "ring" });
    expect(byOp("pin_user_pages")).toMatchObject({ fast: true, longterm: true, write: true, as: "vfio" });
    expect(byOp("get_user_pages")).toMatchObject({
      hold: { kind: "drawn", dist: { dist: "exponential", mean_ns: 3000 } },
    });
    expect(byOp("writeback")).toMatchObject({
      region: "buf",
      pages: { kind: "range", first: 0, count: 2 },
      hold: { kind: "drawn", dist: { dist: "uniform" } },
    });
    expect(byOp("repeat")).toMatchObject({
      times: 3,
      label: "looped",
      steps: [{ op: "touch" }, { op: "sleep", ns: 1000 }],
    });
  });

  it("a barrier names another task's label", () => {
    const s = load(
      "  - {name: a, cpu: 0, program: [{touch: buf, label: done}]}",
      "  - {name: b, cpu: 1, program: [{wait_for: a.done}, {io_uring_register: buf}]}",
    );
    expect(s.tasks[1]!.program[0]).toEqual({ op: "wait_for", task: "a", task_label: "done" });
  });

  it.each([
    [
      ["      - tuoch: buf"],
      'p.yaml:9:9: field tasks[0].program[0].tuoch: found "tuoch", expected one of mmap,',
    ],
    [["      - tuoch: buf"], '(did you mean "touch"?)'],
    [["      - {touch: buf, mmap: buf}"], 'found a second step name "mmap"'],
    [
      ["      - touch: {region: bfu}"],
      'found "bfu", expected the name of a region defined under regions: (guest, buf) (did you mean "buf"?)',
    ],
    [
      ["      - touch: {region: buf, pages: 0..9}"],
      'expected a page range first..last within 0..3 (region "buf" has 4 pages)',
    ],
    [["      - touch: {region: buf, pages: 5}"], "expected a page count 1..4"],
    [["      - pwrite: buf"], 'found pwrite on anon region "buf", expected a memfd region'],
    [["      - wait_for: nobody.done"], 'found wait_for names task "nobody", expected one of the tasks: t'],
    [
      ["      - wait_for: t.nolabel"],
      'found wait_for names label "nolabel" of task t, expected a label of one of its steps (it has no labelled steps)',
    ],
    [["      - wait_for: justaname"], 'expected "task.label"'],
    [["      - {touch: buf, label: x}", "      - {touch: buf, label: x}"], 'found label "x" a second time'],
    [["      - sched_setaffinity: 3"], "expected an integer 0..2 (machine.cpus is 3)"],
    [["      - sleep: 5 parsecs"], "tasks[0].program[0].sleep"],
    [["      - repeat: {times: 0, steps: [{touch: buf}]}"], "expected an integer 1..1000000"],
    [["      - munlockall: {now: true}"], 'found unknown key "now"'],
    [["      - writeback: {region: buf}"], "tasks[0].program[0].writeback.for"],
    [
      ["      - writeback: {region: buf, for: soon}"],
      'p.yaml:9:39: field tasks[0].program[0].writeback.for: found "soon"',
    ],
  ])("%j is refused with file:line:column and the field", (lines, message) => {
    expect(loadError("  - name: t", "    cpu: 1", "    program:", ...lines)).toContain(message);
  });

  it("task names are unique, dot-free, and distinct from actor names", () => {
    expect(loadError("  - {name: a.b, cpu: 0, program: [{touch: buf}]}")).toContain("(no dots)");
    expect(
      loadError(
        "  - {name: a, cpu: 0, program: [{touch: buf}]}",
        "  - {name: a, cpu: 1, program: [{touch: buf}]}",
      ),
    ).toContain('found name "a" a second time');
  });

  it("a scenario needs actors or tasks", () => {
    expect(() => parseScenario(HEAD.slice(0, 4).join("\n"), "p.yaml")).toThrow(
      /a list of actors or of tasks/,
    );
  });

  it("never crashes on a mangled step: it loads or names the file and a line", () => {
    const ops = fc.constantFrom(...STEP_OPS);
    const values = fc.oneof(
      fc.constantFrom("buf", "guest", "0..1", "7", "t.x", "{}", "[]", "1ms", "-1", "{region: buf}"),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(ops, values, (op, v) => {
        try {
          load(
            "  - name: t",
            "    cpu: 0",
            "    program:",
            `      - ${op}: ${JSON.stringify(v).slice(1, -1) || "x"}`,
          );
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
          expect((e as Error).message).toMatch(/^p\.yaml:\d+:\d+: /);
        }
      }),
    );
  });
});
