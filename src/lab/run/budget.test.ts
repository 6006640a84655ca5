import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { H_GUP_PIN } from "../../kernel/holders.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { builtinNames, builtinPath } from "../../scenarios/builtin.ts";
import { loadScenario, parseScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import {
  admit,
  checkReferenceCounts,
  DEFAULT_LIMITS,
  estimateRun,
  LimitError,
  type Limits,
} from "./budget.ts";
import { runScenario } from "./run.ts";

const GiB = 1024 ** 3;

function limitError(f: () => unknown): LimitError {
  try {
    f();
  } catch (e) {
    if (e instanceof LimitError) return e;
    throw e;
  }
  throw new Error("expected a LimitError");
}

describe("estimateRun", () => {
  it.each(builtinNames())("%s: admitted by default, and runs within its own step estimate", (name) => {
    const s = loadScenario(name);
    const e = admit([s], 200, DEFAULT_LIMITS);
    // The estimate is an upper bound: a run limited to it is never cut short.
    const limits: Limits = { max_steps: e.steps, max_memory_bytes: e.memory_bytes };
    expect(() => runScenario(s, resolveKernel(s.kernel), 1, { limits })).not.toThrow();
  });
});

describe("admit: what cannot finish or fit is refused before it starts, with estimate and limit", () => {
  it("a reader with 2^53-1 reads and no interval", () => {
    const s = parseScenario(
      "regions: [{name: r, kind: anon, size: 64KiB}]\nactors: [{kind: gup-reader, cpu: 0, region: r, reads: 9007199254740991, interval: 0}]\n",
      "reads.yaml",
    );
    expect(limitError(() => admit([s], 1, DEFAULT_LIMITS)).message).toMatch(
      /^reads: needs about 6\.3e16 simulated steps, over the limit of 1\.0e8; raise it with --max-steps/,
    );
  });

  it("a 1 TiB memfd (3.2 GB when it was run) and an 8 TiB one; a larger --max-memory admits the first", () => {
    const tib = (size: string) =>
      parseScenario(
        `machine: {movable: ${size}}\nregions: [{name: buf, kind: memfd, size: ${size}}]\nactors: [{kind: vmm, cpu: 0, region: buf, touches: 10}]\n`,
        "tib.yaml",
      );
    expect(limitError(() => admit([tib("1024GiB")], 1, DEFAULT_LIMITS)).message).toBe(
      "tib: a run needs about 3.1 GiB of memory, over the limit of 2.0 GiB; raise it with --max-memory if you mean it",
    );
    expect(limitError(() => admit([tib("8192GiB")], 1, DEFAULT_LIMITS)).message).toMatch(/about 24\.1 GiB/);
    expect(() => admit([tib("1024GiB")], 1, { ...DEFAULT_LIMITS, max_memory_bytes: 4 * GiB })).not.toThrow();
  });

  it("a huge readahead_pages (the readahead file is sized for every touch up front)", () => {
    const text = readFileSync(builtinPath("pkvm-mlock-onfault"), "utf8").replace(
      "readahead_pages: 1",
      "readahead_pages: 1000000000",
    );
    expect(limitError(() => admit([parseScenario(text, "ra.yaml")], 1, DEFAULT_LIMITS)).message).toMatch(
      /^pkvm-mlock-onfault: needs about 2\.6e11 simulated steps/,
    );
  });

  it("counts every run: what one run may do, ten thousand may not", () => {
    const s = loadScenario("gup-reader-contention");
    const one = estimateRun(s).steps;
    const limits = { ...DEFAULT_LIMITS, max_steps: one * 10 };
    expect(() => admit([s], 10, limits)).not.toThrow();
    expect(limitError(() => admit([s], 11, limits)).message).toMatch(/for 11 runs/);
  });

  it("refuses pins stacked on one folio past its 32-bit refcount, and takes 70,000 as the kernel does", () => {
    const on = (kind: string, size: string, pins: number) =>
      parseScenario(
        `regions: [{name: t, kind: ${kind}, size: ${size}}]\nactors: [{kind: pkvm-vcpu, cpu: 0, region: t, pins: ${pins}, interval: 1ns}]\nstop: {time: 10s}\n`,
        "pins.yaml",
      );
    expect(() => checkReferenceCounts(on("thp-anon", "2MiB", 70_000))).not.toThrow();
    expect(limitError(() => checkReferenceCounts(on("thp-anon", "2MiB", 3e9))).message).toMatch(
      /region "t" could hold up to 3\.0e9 GUP pin references on one folio at once, past what a folio's 32-bit refcount holds \(2147483647\)/,
    );
    // A pin on a small folio adds GUP_PIN_COUNTING_BIAS (1024) to its refcount.
    expect(() => checkReferenceCounts(on("memfd", "4KiB", 2_000_000))).not.toThrow();
    expect(limitError(() => checkReferenceCounts(on("memfd", "4KiB", 3_000_000))).message).toMatch(
      /up to 3\.0e6 GUP pin references/,
    );
  });
});

describe("programs (tasks:) are estimated too", () => {
  const program = (steps: string, size = "64KiB") =>
    parseScenario(
      `regions: [{name: r, kind: memfd, size: ${size}}]\ntasks:\n  - name: t\n    cpu: 0\n    program:\n${steps}`,
      "prog.yaml",
    );
  const pin = (pages: string) => `      - pin_user_pages: {region: r, pages: ${pages}}\n`;
  const repeat = (times: number, inner: string) =>
    `      - repeat:\n          times: ${times}\n          steps:\n${inner.replace(/^ {6}/gm, "            ")}`;

  it("a scenario with tasks and no actors costs more than an empty run, and grows with pages and repeats", () => {
    const sleep = "      - sleep: 1ms\n";
    const empty = estimateRun(program(sleep)).steps;
    const one = estimateRun(program(sleep + pin("0..0"))).steps;
    const four = estimateRun(program(sleep + pin("0..3"))).steps;
    const repeated = estimateRun(program(sleep + repeat(10, pin("0..3")))).steps;
    expect(one).toBeGreaterThan(empty);
    expect(four - empty).toBeGreaterThan(3 * (one - empty));
    expect(repeated - empty).toBe(10 * (four - empty));
  });

  it("nested repeats far past what can run are refused up front, not run until the step limit", () => {
    const deep = repeat(1_000_000, repeat(1_000_000, pin("0..15")));
    expect(limitError(() => admit([program(deep)], 1, DEFAULT_LIMITS)).message).toMatch(
      /^prog: needs about \S+e1\d simulated steps, over the limit/,
    );
  });

  it("a program reading a huge file over and over needs its page cache in memory", () => {
    const s = program(repeat(1_000_000, "      - read: {file: f, pages: 4096}\n"));
    expect(limitError(() => admit([s], 1, { ...DEFAULT_LIMITS, max_steps: 1e12 })).message).toMatch(
      /a run needs about \S+ GiB of memory/,
    );
  });
});

describe("run-time guards, for what the estimate cannot foresee", () => {
  const s = loadScenario("gup-reader-contention");

  it("a run past max_steps stops with a LimitError", () => {
    const limits = { ...DEFAULT_LIMITS, max_steps: 100 };
    expect(limitError(() => runScenario(s, resolveKernel(s.kernel), 1, { limits })).message).toBe(
      "gup-reader-contention: a run went past 100 simulated steps, the limit; raise it with --max-steps if you mean it",
    );
  });

  it("a run creating more folios than fit in max_memory stops with a LimitError", () => {
    const limits = { ...DEFAULT_LIMITS, max_memory_bytes: 1024 };
    expect(limitError(() => runScenario(s, resolveKernel(s.kernel), 1, { limits })).message).toMatch(
      /needed more folios than fit in 1 MiB, the memory limit/,
    );
  });

  it("more than 65535 pins of one folio run, as the kernel's 32-bit counters allow", () => {
    const actors = Array.from(
      { length: 130 },
      (_, i) => `  - {kind: io_uring, name: u${i}, cpu: 0, region: t, pages: 512, interval: 10ms}`,
    );
    const text = `regions: [{name: t, kind: thp-anon, size: 2MiB}]\nactors:\n  - {kind: vmm, cpu: 1, region: t}\n${actors.join("\n")}\n`;
    const many = parseScenario(text, "many.yaml");
    let most = 0;
    let events = 0;
    runScenario(many, resolveKernel(many.kernel), 1, {
      trace: (k: Kernel) => ({
        emit: () => {
          if (++events % 256 !== 0) return;
          for (let f = 0; f < k.folios.count; f++) most = Math.max(most, k.folios.held(f, H_GUP_PIN));
        },
      }),
    });
    expect(most).toBeGreaterThan(0xffff);
  });
});
