import { describe, expect, it } from "vitest";
import { formatScenarioError, ScenarioError } from "./errors.ts";
import { parseScenario } from "./parse.ts";

// Line numbers of BASE, which the cases edit line by line.
const BASE = [
  "name: t", // 1
  "machine:", // 2
  "  cpus: 8", // 3
  "regions:", // 4
  "  - name: guest", // 5
  "    kind: memfd", // 6
  "    size: 1MiB", // 7
  "actors:", // 8
  "  - kind: vmm", // 9
  "    cpu: 1", // 10
  "    region: guest", // 11
  "  - kind: gpu", // 12
  "    cpu: 2", // 13
  "    region: guest", // 14
  "    hold: {dist: exponential, mean: 100us}", // 15
  "properties:", // 16
  "  - every-pin-succeeds", // 17
  "stop: {time: 50ms}", // 18
];

/** BASE with line `n` (1-based) replaced; a replacement may span several lines or be empty. */
function edit(...edits: [line: number, text: string][]): string {
  const lines = BASE.map((l) => [l]);
  for (const [n, text] of edits) lines[n - 1] = text === "" ? [] : [text];
  return `${lines.flat().join("\n")}\n`;
}

function errorOf(text: string): ScenarioError {
  try {
    parseScenario(text, "s.yaml");
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error("expected a ScenarioError, the scenario loaded");
}

interface Case {
  readonly what: string;
  readonly text: string;
  readonly field: string;
  readonly at: `${number}:${number}`;
  /** Must appear in the message after "s.yaml:L:C: ". */
  readonly says: string;
}

const CASES: Case[] = [
  {
    what: "cpu beyond machine.cpus",
    text: edit([13, "    cpu: 9"]),
    field: "actors[1].cpu",
    at: "13:10",
    says: "field actors[1].cpu: found 9, expected an integer 0..7 (machine.cpus is 8)",
  },
  {
    what: "cpu of the wrong type",
    text: edit([13, "    cpu: two"]),
    field: "actors[1].cpu",
    at: "13:10",
    says: 'found "two", expected an integer 0..7',
  },
  {
    what: "misspelt hold parameter",
    text: edit([15, "    hold: {dist: exponential, maen: 100us}"]),
    field: "actors[1].hold.maen",
    at: "15:31",
    says: 'found unknown key "maen", expected one of dist, mean (did you mean "mean"?)',
  },
  {
    what: "a parameter of another distribution",
    text: edit([15, "    hold: {dist: fixed, mean: 100us}"]),
    field: "actors[1].hold.mean",
    at: "15:25",
    says: "expected one of dist, value",
  },
  {
    what: "negative duration",
    text: edit([15, "    hold: {dist: exponential, mean: -1us}"]),
    field: "actors[1].hold.mean",
    at: "15:37",
    says: 'found "-1us", expected a non-negative duration',
  },
  {
    what: "unknown distribution",
    text: edit([15, "    hold: {dist: poisson, mean: 1us}"]),
    field: "actors[1].hold.dist",
    at: "15:18",
    says: "expected one of fixed, uniform, exponential, lognormal",
  },
  {
    what: "uniform with min above max",
    text: edit([15, "    hold: {dist: uniform, min: 2ms, max: 1ms}"]),
    field: "actors[1].hold.max",
    at: "15:42",
    says: 'found "1ms", expected at least min (2ms)',
  },
  {
    what: "hold given as a bare duration",
    text: edit([15, "    hold: 100us"]),
    field: "actors[1].hold",
    at: "15:11",
    says: "expected a map such as {dist: exponential, mean: 100us}",
  },
  {
    what: "unknown actor kind",
    text: edit([12, "  - kind: gpus"]),
    field: "actors[1].kind",
    at: "12:11",
    says: 'expected one of vmm, pkvm-vcpu, gpu, io_uring, gup-reader, lru-traffic, munlock, munmap, khugepaged (did you mean "gpu"?)',
  },
  {
    what: "actor without a kind",
    text: edit([12, "  - cpu: 2"], [13, ""]),
    field: "actors[1].kind",
    at: "12:5",
    says: "found no value, expected one of vmm,",
  },
  {
    what: "key belonging to another actor kind",
    text: edit([15, "    pins: 3"]),
    field: "actors[1].pins",
    at: "15:5",
    says: 'found unknown key "pins", expected one of kind, name, cpu, region, ops, pages_per_op, hold, start, interval',
  },
  {
    what: "region that is not defined",
    text: edit([14, "    region: guset"]),
    field: "actors[1].region",
    at: "14:13",
    says: 'found "guset", expected the name of a region defined under regions: (guest) (did you mean "guest"?)',
  },
  {
    what: "actor without a region",
    text: edit([14, ""]),
    field: "actors[1].region",
    at: "12:5",
    says: "found no value, expected the name of a region",
  },
  {
    what: "two actors with one name",
    text: edit([12, "  - kind: gpu\n    name: vmm-0"]),
    field: "actors[1].name",
    at: "13:11",
    says: 'found actor name "vmm-0" a second time',
  },
  {
    what: "a key given twice",
    text: edit([14, "    region: guest\n    cpu: 3"]),
    field: "actors[1].cpu",
    at: "15:5",
    says: 'found a second "cpu" key',
  },
  {
    what: "start at or after stop.time",
    text: edit([14, "    region: guest\n    start: 50ms"]),
    field: "actors[1].start",
    at: "15:12",
    says: 'found "50ms", expected a time before 50ms (stop.time)',
  },
  {
    what: "pages_per_op beyond the region",
    text: edit([14, "    region: guest\n    pages_per_op: 257"]),
    field: "actors[1].pages_per_op",
    at: "15:19",
    says: 'expected an integer 1..256 (region "guest" has 256 pages)',
  },
  {
    what: "decimal size unit",
    text: edit([7, "    size: 1MB"]),
    field: "regions[0].size",
    at: "7:11",
    says: 'found "1MB", expected a size in KiB, MiB or GiB: pinsim uses powers of 1024, so write "1MiB"',
  },
  {
    what: "size not whole pages",
    text: edit([7, "    size: 5000"]),
    field: "regions[0].size",
    at: "7:11",
    says: "expected a non-zero multiple of 4KiB (regions are whole 4KiB pages)",
  },
  {
    what: "hugetlb size not whole huge pages",
    text: edit([6, "    kind: hugetlb-memfd"]),
    field: "regions[0].size",
    at: "7:11",
    says: "expected a non-zero multiple of 2MiB (a hugetlb-memfd region is made of 2MiB folios)",
  },
  {
    what: "unknown region kind",
    text: edit([6, "    kind: shmem"]),
    field: "regions[0].kind",
    at: "6:11",
    says: "expected one of memfd, anon, thp-anon, hugetlb-memfd",
  },
  {
    what: "two regions with one name",
    text: edit([7, "    size: 1MiB\n  - {name: guest, kind: anon, size: 4KiB}"]),
    field: "regions[1].name",
    at: "8:12",
    says: 'found "guest" a second time, expected a region name not used above',
  },
  {
    what: "zone size that is not whole MiB",
    text: edit([3, "  cpus: 8\n  normal: 100KiB"]),
    field: "machine.normal",
    at: "4:11",
    says: 'found "100KiB", expected a whole number of MiB',
  },
  {
    what: "CMA larger than ZONE_NORMAL",
    text: edit([3, "  cpus: 8\n  cma: 512MiB"]),
    field: "machine.cma",
    at: "4:8",
    says: "expected at most 256MiB (the CMA area is carved out of ZONE_NORMAL",
  },
  {
    what: "unknown zone in the allocation order",
    text: edit([3, "  cpus: 8\n  movable_alloc_order: [cma, highmem]"]),
    field: "machine.movable_alloc_order[1]",
    at: "4:30",
    says: 'found "highmem", expected one of movable, cma, normal, dma32',
  },
  {
    what: "zero CPUs",
    text: edit([3, "  cpus: 0"]),
    field: "machine.cpus",
    at: "3:9",
    says: "found 0, expected an integer 1..256",
  },
  {
    what: "unknown property",
    text: edit([17, "  - every-pin-succeed"]),
    field: "properties[0]",
    at: "17:5",
    says: 'found unknown property "every-pin-succeed", expected one of every-pin-succeeds, max-outer-retries, max-global-drains-per-pin (did you mean "every-pin-succeeds"?)',
  },
  {
    what: "bounded property without its bound",
    text: edit([17, "  - max-outer-retries"]),
    field: "properties[0]",
    at: "17:5",
    says: 'found max-outer-retries without a value, expected "- max-outer-retries: N"',
  },
  {
    what: "bounded property with a bad bound",
    text: edit([17, "  - max-outer-retries: lots"]),
    field: "properties[0].max-outer-retries",
    at: "17:24",
    says: 'found "lots", expected an integer >= 0',
  },
  {
    what: "unknown top-level key",
    text: edit([18, "stpo: {time: 50ms}"]),
    field: "stpo",
    at: "18:1",
    says: 'found unknown key "stpo", expected one of name, description, kernel, machine, regions, actors, tasks, properties, costs, stop, check (did you mean "stop"?)',
  },
  {
    what: "stop without a unit that parses",
    text: edit([18, "stop: {time: 50 msec}"]),
    field: "stop.time",
    at: "18:14",
    says: "expected a duration unit among s, ms, us, ns",
  },
  {
    what: "cost name that is not an identifier",
    text: edit([18, "stop: {time: 50ms}\ncosts: {lru-drain: 5us}"]),
    field: "costs.lru-drain",
    at: "19:9",
    says: 'found cost name "lru-drain", expected an identifier',
  },
  {
    what: "cost name the cost model lacks",
    text: edit([18, "stop: {time: 50ms}\ncosts: {lru_add_drain_all: 40us}"]),
    field: "costs.lru_add_drain_all",
    at: "19:9",
    says: 'found unknown cost "lru_add_drain_all", expected one of fault_anon_ns, ',
  },
  {
    what: "kernel pinsim does not model",
    text: edit([1, "name: t\nkernel: v9.99"]),
    field: "kernel",
    at: "2:9",
    says: 'found kernel "v9.99", expected a kernel pinsim models (unknown kernel "v9.99"; bases: ',
  },
  {
    what: "custom YAML tag",
    text: edit([10, "    cpu: !custom 1"]),
    field: "actors[0].cpu",
    at: "10:18",
    says: "found the YAML tag !custom, expected a plain value without a tag",
  },
  {
    what: "core-schema tag that would turn a string into a number",
    text: edit([10, '    cpu: !!int "1"']),
    field: "actors[0].cpu",
    at: "10:16",
    says: "found the YAML tag !!int,",
  },
  {
    what: "tag on a map",
    text: edit([15, "    hold: !!map {dist: exponential, mean: 100us}"]),
    field: "actors[1].hold",
    at: "15:17",
    says: "found the YAML tag !!map,",
  },
  {
    what: "property named like an Object.prototype member",
    text: edit([17, "  - toString"]),
    field: "properties[0]",
    at: "17:5",
    says: 'found unknown property "toString", expected one of every-pin-succeeds',
  },
  {
    what: "bounded property named like an Object.prototype member",
    text: edit([17, "  - constructor: 3"]),
    field: "properties[0].constructor",
    at: "17:5",
    says: 'found unknown property "constructor"',
  },
  {
    what: "region name used twice",
    text: edit([7, "    size: 1MiB\n  - {name: guest, kind: anon, size: 4KiB}"]),
    field: "regions[1].name",
    at: "8:12",
    says: 'found "guest" a second time, expected a region name not used above',
  },
  {
    what: "a 50,000-character value, quoted only in part",
    text: edit([6, `    kind: ${"x".repeat(50_000)}`]),
    field: "regions[0].kind",
    at: "6:11",
    says: `found "${"x".repeat(60)}"... (50000 characters), expected one of memfd`,
  },
  {
    what: "missing actors",
    text: edit([8, ""], [9, ""], [10, ""], [11, ""], [12, ""], [13, ""], [14, ""], [15, ""]),
    field: "actors",
    at: "1:1",
    says: "found no value, expected a list of actors",
  },
  {
    what: "description over two lines",
    text: edit([1, 'name: t\ndescription: "a\\nb"']),
    field: "description",
    at: "2:14",
    says: "expected a one-line string",
  },
];

describe("errors for people", () => {
  it.each(CASES)("$what → $field at $at", (c) => {
    const e = errorOf(c.text);
    expect(e.field).toBe(c.field);
    expect(`${e.line}:${e.column}`).toBe(c.at);
    expect(e.file).toBe("s.yaml");
    expect(e.message.startsWith(`s.yaml:${c.at}: `)).toBe(true);
    expect(e.message).toContain(c.says);
  });

  it("quotes at most a line's worth of any value it echoes", () => {
    for (const c of CASES) expect(errorOf(c.text).message.length, c.what).toBeLessThan(600);
  });

  it("every case starts from a valid scenario", () => {
    expect(parseScenario(edit(), "s.yaml").actors).toHaveLength(2);
  });

  it("keeps found and expected as separate fields in the FILE:LINE:COL message", () => {
    const e = errorOf(edit([13, "    cpu: 9"]));
    expect(e.found).toBe("9");
    expect(e.expected).toBe("an integer 0..7 (machine.cpus is 8)");
    expect(e.message).toBe(
      "s.yaml:13:10: field actors[1].cpu: found 9, expected an integer 0..7 (machine.cpus is 8)",
    );
    expect(e.name).toBe("ScenarioError");
  });

  it("turns YAML syntax errors into positioned ScenarioErrors", () => {
    const e = errorOf(edit([15, "    hold: {dist: exponential, mean: 100us"]));
    expect(e.field).toBe("");
    expect(e.line).toBeGreaterThanOrEqual(15);
    expect(e.message).toMatch(/^s\.yaml:\d+:\d+: found invalid YAML \(.+\), expected well-formed YAML$/);
    const tab = errorOf("regions:\n\t- {name: a}\n");
    expect([tab.line, tab.column]).toEqual([2, 1]);
  });

  it("positions errors in a one-line document without a trailing newline", () => {
    const e = errorOf("regions: 5");
    expect([e.field, e.line, e.column, e.found]).toEqual(["regions", 1, 10, "5"]);
    const f = errorOf("regions: []\nactors: 5");
    expect([f.field, f.line, f.column, f.found]).toEqual(["actors", 2, 9, "5"]);
  });

  it("rejects an empty document and a document that is not a map", () => {
    expect(errorOf("").message).toBe(
      "s.yaml:1:1: found an empty document, expected a scenario: a map with regions: and actors: or tasks:",
    );
    expect(errorOf("- a\n").found).toBe("a list");
  });

  it("formats an error about the whole file without a position", () => {
    expect(formatScenarioError({ file: "x", line: 0, column: 0, field: "", found: "a", expected: "b" })).toBe(
      "x: found a, expected b",
    );
  });
});

describe("an empty key", () => {
  it('is named as the field "" with its line and column', () => {
    expect(() => parseScenario('"": x\nregions: []\n', "e.yaml")).toThrow(
      /^e\.yaml:1:1: field "": found unknown key ""/,
    );
  });
});
