// What the built-in scenarios must show (issue 3, point 5), with modest run counts.

import { describe, expect, it } from "vitest";
import { KHUGEPAGED_SCAN_SLEEP_NS } from "../../src/kernel/khugepaged.ts";
import { compareKernels } from "../../src/lab/compare/compare.ts";
import type { KernelSummary } from "../../src/lab/compare/summary.ts";
import { withoutActors } from "../../src/lab/run/variant.ts";
import { loadScenario } from "../../src/scenarios/index.ts";
import type { GpuActor, GupReaderActor, IoUringActor, Scenario } from "../../src/scenarios/scenario.ts";
import { resolveKernel } from "../../src/versions/resolve.ts";

async function byKernel(
  s: Scenario,
  kernels: string[],
  runs: number,
  seed = 1,
): Promise<Record<string, KernelSummary>> {
  const c = await compareKernels(s, kernels.map(resolveKernel), { runs, seed, workers: 1 });
  return Object.fromEntries(c.results.map((r) => [r.kernel, r]));
}

describe("pkvm-mlock-onfault", () => {
  const pkvm = loadScenario("pkvm-mlock-onfault");

  it("v6.15 fails in a clear fraction of runs; Hugh's refcount check and v6.17 in none of 1000", async () => {
    const r = await byKernel(pkvm, ["v6.15"], 200);
    expect(r["v6.15"]!.runs_with_failure / 200).toBeGreaterThan(0.15);
    expect(r["v6.15"]!.runs_with_failure / 200).toBeLessThan(0.6);
    const fixed = await byKernel(pkvm, ["v6.15+hugh-refcount-check", "v6.17"], 1000);
    expect(fixed["v6.15+hugh-refcount-check"]!.pins_failed).toBe(0);
    expect(fixed["v6.17"]!.pins_failed).toBe(0);
  });

  it("v6.17 drains globally for every pin that migrates a small folio; mm-2026 never drains", async () => {
    const r = await byKernel(pkvm, ["v6.17", "mm-2026"], 100);
    const v617 = r["v6.17"]!;
    expect(v617.pins_migrated).toBeGreaterThan(0);
    expect(v617.pins_drained_global).toBe(v617.pins_migrated);
    expect(v617.drains_local).toBe(v617.pins_migrated);
    expect(r["mm-2026"]!.drains_global).toBe(0);
    expect(r["mm-2026"]!.drains_local).toBe(0);
    expect(r["mm-2026"]!.pins_failed).toBe(0);
  });

  it("Will's drain-if-mlocked succeeds but drains far more than needed; Hugh's mlocked && !unevictable still fails", async () => {
    const r = await byKernel(
      pkvm,
      ["v6.15", "v6.15+will-drain-if-mlocked", "v6.15+hugh-mlocked-not-unevictable"],
      200,
    );
    const will = r["v6.15+will-drain-if-mlocked"]!;
    expect(will.pins_failed).toBe(0);
    expect(will.drains_global).toBeGreaterThan(5 * r["v6.15"]!.drains_global);
    expect(will.drains_unhelpful).toBeGreaterThan(will.drains_global / 2);
    expect(r["v6.15+hugh-mlocked-not-unevictable"]!.runs_with_failure).toBeGreaterThan(0);
  });

  it("khugepaged's drains hide failures: none at a 20 µs scan interval, most at 100 µs, as many at the 10 s default", async () => {
    const withKhugepaged = (interval_ns: number): Scenario => ({
      ...pkvm,
      actors: [
        ...pkvm.actors,
        {
          kind: "khugepaged",
          name: "khugepaged",
          cpu: 5,
          region: "guest",
          scans: 1_000_000,
          start_ns: 0,
          interval_ns,
        },
      ],
    });
    const failures = async (s: Scenario) => (await byKernel(s, ["v6.15"], 200))["v6.15"]!.runs_with_failure;
    const without = await failures(pkvm);
    expect(without).toBeGreaterThan(30);
    // At the default interval one scan happens, at the start, before anything is batched.
    expect(await failures(withKhugepaged(KHUGEPAGED_SCAN_SLEEP_NS))).toBe(without);
    expect(await failures(withKhugepaged(100_000))).toBeLessThan(without / 3);
    expect(await failures(withKhugepaged(20_000))).toBe(0);
  });
});

describe("gpu-transient-refs", () => {
  const gpu = loadScenario("gpu-transient-refs");

  it("v6.18 fails; with John Hubbard's wait it succeeds, paying latency, wake-ups and static-key toggles", async () => {
    const r = await byKernel(gpu, ["v6.18", "v6.18+hubbard-wait"], 20);
    const plain = r["v6.18"]!;
    const rfc = r["v6.18+hubbard-wait"]!;
    expect(plain.runs_with_failure).toBeGreaterThan(10);
    expect(plain.waits).toBe(0);
    expect(rfc.pins_failed).toBe(0);
    expect(rfc.waits).toBeGreaterThan(0);
    expect(rfc.wakeups).toBeGreaterThan(0);
    expect(rfc.static_key_toggles).toBeGreaterThanOrEqual(2 * 20); // on and off, once per migrate_pages()
    expect(rfc.pin_latency_ns.max).toBeGreaterThan(plain.pin_latency_ns.max);
  });

  it("with the wait, one transient reference is survived if it goes within the ten 1 s waits", async () => {
    const oneRef = (hold_ns: number): Scenario => ({
      ...gpu,
      stop_ns: 60e9,
      actors: gpu.actors.map((a) => {
        if (a.kind === "gpu")
          return {
            ...a,
            ops: 1,
            pages_per_op: 1,
            start_ns: 140_000,
            hold: { dist: "fixed", value_ns: hold_ns },
          } as GpuActor;
        if (a.kind === "io_uring") return { ...a, registrations: 1 } as IoUringActor;
        return a;
      }),
    });
    const short = await byKernel(oneRef(500e6), ["v6.18", "v6.18+hubbard-wait"], 1);
    expect(short["v6.18"]!.pins_failed).toBe(1);
    expect(short["v6.18+hubbard-wait"]!.pins_failed).toBe(0);
    expect(short["v6.18+hubbard-wait"]!.pin_latency_ns.max).toBeGreaterThan(500e6);
    const long = await byKernel(oneRef(15e9), ["v6.18+hubbard-wait"], 1);
    expect(long["v6.18+hubbard-wait"]!.pins_failed).toBe(1);
  });
});

describe("gup-reader-contention", () => {
  const builtin = loadScenario("gup-reader-contention");
  // References held ~50 µs (exponential), a read every 10 µs: long enough to outlast the time from
  // a page's unmap to its reference-count check (see the scenario tuning note in the report).
  const longHolds: Scenario = {
    ...builtin,
    actors: builtin.actors.map((a) =>
      a.kind === "gup-reader"
        ? ({
            ...a,
            reads: 500,
            interval_ns: 10_000,
            hold: { dist: "exponential", mean_ns: 50_000 },
          } as GupReaderActor)
        : a,
    ),
  };

  it("debian-6.1 fails with a concurrent reader holding references for tens of µs", async () => {
    const r = await byKernel(longHolds, ["debian-6.1"], 40);
    expect(r["debian-6.1"]!.runs_with_failure).toBeGreaterThan(10);
  });

  it("and never without the reader (--without gup-reader)", async () => {
    const r = await byKernel(withoutActors(longHolds, ["gup-reader"]), ["debian-6.1"], 40);
    expect(r["debian-6.1"]!.pins_failed).toBe(0);
    expect(r["debian-6.1"]!.pins_migrated).toBe(40);
  });
});

describe("vmsplice-held-page on Debian's 6.1 with the collect test reverted to !folio_test_lru()", () => {
  it("stages its drains as the real kernel did under pinsim validate: one local, then one global", async () => {
    const s = loadScenario("vmsplice-held-page");
    const r = await byKernel(s, ["v6.1+hugh-local-drain+hugh-may-be-lru-cached", "v6.1"], 1);
    expect(r["v6.1+hugh-local-drain+hugh-may-be-lru-cached"]).toMatchObject({
      drains_local: 1,
      drains_global: 1,
    });
    expect(r["v6.1"]).toMatchObject({ drains_local: 0, drains_global: 1 });
  });
});
