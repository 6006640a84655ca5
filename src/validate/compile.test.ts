import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenarios/index.ts";
import { parseScenario } from "../scenarios/parse.ts";
import { compileScenario } from "./compile.ts";

const OPTS = { runs: 3, sleep_scale: 20 };
const PROGRAM_BUILTINS = [
  "mlock-remote-batch",
  "mlock-local-batch",
  "reader-activate-batch",
  "madv-cold-deactivate-batch",
  "vmsplice-held-page",
];

function scenarioWith(tasks: string, regions = "  - {name: buf, kind: anon, size: 16KiB}"): string {
  return `name: t\nkernel: v6.1\nmachine: {cpus: 2}\nregions:\n${regions}\ntasks:\n${tasks}\n`;
}

const hasGcc = spawnSync("gcc", ["--version"]).status === 0;

describe("compileScenario", () => {
  it("turns mlock-remote-batch into step tables: the barrier released by the labelled read, the pin as io_uring", () => {
    const c = compileScenario(loadScenario("mlock-remote-batch"), OPTS);
    expect(c.header).toContain("#define NR_RUNS 3");
    expect(c.header).toContain('{"guest", REGION_MEMFD, 4, 1, 0, 0}');
    expect(c.header).toContain(
      "{.op = OP_MLOCK2, .region = 0, .first = 0, .count = 4, .arg = 1, .signal = -1}",
    );
    expect(c.header).toContain("{.op = OP_READ, .count = 32, .obj = 0, .signal = 0}");
    expect(c.header).toContain("{.op = OP_WAIT, .obj = 0, .signal = -1}");
    expect(c.header).toContain("{.op = OP_SLEEP, .ns = 20000000LL, .signal = -1}");
    expect(c.header).toContain(
      "{.op = OP_RING_REGISTER, .region = 0, .first = 0, .count = 4, .obj = 1, .signal = -1}",
    );
    expect(c.mappings.some((m) => m.startsWith("pin_user_pages"))).toBe(true);
  });

  it("unrolls repeats and maps regions no program mmaps at the start", () => {
    const yaml = scenarioWith(
      "  - name: a\n    cpu: 0\n    program:\n      - repeat: {times: 3, steps: [{touch: {region: buf, pages: 0..1}}]}",
    );
    const c = compileScenario(parseScenario(yaml, "t.yaml"), OPTS);
    expect(c.header.match(/OP_TOUCH/g)).toHaveLength(3);
    expect(c.header).toContain('{"buf", REGION_ANON, 4, 0, 0, 1}');
  });

  it.each([
    ["get_user_pages: {region: buf, for: 1ms}", /get_user_pages .* no user-space counterpart/],
    ["hold: {region: buf, for: 1ms}", /hold \(transient: .*\) has no user-space counterpart/],
    ["lru: {region: buf, op: activate}", /lru \(activate: kernel LRU traffic\) has no system call/],
    ["writeback: {region: buf, for: 1ms}", /writeback \(PG_writeback .*\) has no user-space counterpart/],
    ["process_vm_readv: {region: buf, for: 1ms}", /process_vm_readv with for: > 0/],
    ["pin_user_pages: {region: buf, longterm: false}", /without FOLL_LONGTERM/],
    ["touch: {region: buf, pages: {random: 2}}", /pages: \{random: 2\} of region "buf"/],
  ])("refuses %s by name, with the file and task", (step, message) => {
    const yaml = scenarioWith(`  - name: a\n    cpu: 0\n    program:\n      - ${step}`);
    expect(() => compileScenario(parseScenario(yaml, "t.yaml"), OPTS)).toThrow(
      expect.objectContaining({ name: "ValidateInputError", message: expect.stringMatching(message) }),
    );
    expect(() => compileScenario(parseScenario(yaml, "t.yaml"), OPTS)).toThrow(/^t\.yaml: task "a": /);
  });

  it("refuses actors and huge-page regions by name", () => {
    expect(() => compileScenario(loadScenario("gpu-transient-refs"), OPTS)).toThrow(
      /actors .*\(gpu\).*tasks with programs only/,
    );
    const thp = scenarioWith(
      "  - name: a\n    cpu: 0\n    program: [{mmap: big}]",
      "  - {name: big, kind: thp-anon, size: 2MiB}",
    );
    expect(() => compileScenario(parseScenario(thp, "t.yaml"), OPTS)).toThrow(
      /region "big" of kind thp-anon/,
    );
  });

  it.skipIf(!hasGcc)("gives C that the runtime compiles with, for every built-in program scenario", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinsim-compile-"));
    const runtime = new URL("./init/pinsim_init.c", import.meta.url);
    writeFileSync(join(dir, "pinsim_init.c"), readFileSync(runtime));
    for (const name of PROGRAM_BUILTINS) {
      writeFileSync(join(dir, "program.h"), compileScenario(loadScenario(name), OPTS).header);
      const r = spawnSync(
        "gcc",
        ["-fsyntax-only", "-Wall", "-Werror", "-pthread", `-I${dir}`, join(dir, "pinsim_init.c")],
        {
          encoding: "utf8",
        },
      );
      expect(r.stderr, name).toBe("");
      expect(r.status, name).toBe(0);
    }
  });
});
