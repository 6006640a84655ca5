import { describe, expect, it } from "vitest";
import { BASES } from "./bases.ts";
import { listVersions } from "./list.ts";
import { PATCHES } from "./patches.ts";
import { resolveKernel, UnknownKernelError } from "./resolve.ts";

describe("resolveKernel", () => {
  it("resolves every base and every patch on top of v6.15", () => {
    for (const b of BASES) expect(resolveKernel(b.name).name).toBe(b.name);
    for (const p of PATCHES) expect(() => resolveKernel(`v6.15+${p.name}`)).not.toThrow();
  });

  it("an unknown base names the valid ones", () => {
    expect(() => resolveKernel("v6.99")).toThrow(UnknownKernelError);
    expect(() => resolveKernel("v6.99")).toThrow(/bases: v5\.17, v5\.18, .*mm-2026.*aliases: debian-6\.1/);
  });

  it("an unknown patch names the valid ones", () => {
    expect(() => resolveKernel("v6.15+hugh")).toThrow(/unknown patch "hugh".*hugh-refcount-check/);
  });

  it("suggests the closest base, alias or patch name", () => {
    expect(() => resolveKernel("v6.177")).toThrow(/unknown kernel "v6\.177" \(did you mean "v6\.17"\?\)/);
    expect(() => resolveKernel("debian-61")).toThrow(/did you mean "debian-6\.1"/);
    expect(() => resolveKernel("v6.15+hugh-refcount-chek")).toThrow(/did you mean "hugh-refcount-check"/);
    expect(() => resolveKernel("v6.15+zzzz")).not.toThrow(/did you mean/);
  });

  it("patches compose left to right", () => {
    const c = resolveKernel("v6.15+hugh-refcount-check+hugh-local-drain");
    expect([c.collect_drain_test, c.collect_local_drain_first]).toEqual(["refcount", true]);
    const back = resolveKernel("v6.17+will-drain-if-mlocked");
    expect([back.collect_drain_test, back.collect_drain_also_if]).toEqual(["lru-flag", "mlocked"]);
  });

  it("hubbard-wait takes an optional timeout, including 0", () => {
    expect(resolveKernel("v6.18+hubbard-wait").hubbard_wait).toMatchObject({
      enabled: true,
      timeout_ns: 1e9,
    });
    expect(resolveKernel("v6.18+hubbard-wait=10ms").hubbard_wait.timeout_ns).toBe(10_000_000);
    expect(resolveKernel("v6.18+hubbard-wait=0").hubbard_wait.timeout_ns).toBe(0);
    expect(() => resolveKernel("v6.18+hubbard-wait=soon")).toThrow(/bad timeout/);
    expect(() => resolveKernel("v6.18+hugh-local-drain=1")).toThrow(/takes no argument/);
  });

  it("hubbard-wait's timeout follows the scenario files' duration rules", () => {
    expect(resolveKernel("v6.18+hubbard-wait=1.5us").hubbard_wait.timeout_ns).toBe(1_500);
    expect(resolveKernel("v6.18+hubbard-wait=250").hubbard_wait.timeout_ns).toBe(250);
    expect(() => resolveKernel("v6.18+hubbard-wait=99999999999999999999999s")).toThrow(/below 2\^53/);
    expect(() => resolveKernel("v6.18+hubbard-wait=0.0001ns")).toThrow(/whole number of nanoseconds/);
    expect(() => resolveKernel("v6.18+hubbard-wait=-1ms")).toThrow(/non-negative duration/);
    expect(() => resolveKernel("v6.18+hubbard-wait=10MS")).toThrow(/did you mean "10ms"/);
    const long = `v6.18+hubbard-wait=${"9".repeat(50_000)}x`;
    expect(() => resolveKernel(long)).toThrow(
      /\.\.\. \(50001 characters\)": expected a duration of at most 64 characters/,
    );
  });

  it("debian-6.1 is v6.1 with the backports", () => {
    const d = resolveKernel("debian-6.1");
    expect(d.batch_size).toBe(15);
    expect([d.collect_drain_test, d.collect_local_drain_first, d.collect_skip_large]).toEqual([
      "refcount",
      true,
      true,
    ]);
    expect(d.lru_flag_cleared_when_batched).toBe(false);
  });

  it("versions differ where the reference says they do", () => {
    const v = (n: string) => resolveKernel(n);
    expect([v("v6.1").batch_size, v("v6.9").batch_size]).toEqual([15, 31]);
    expect([v("v5.17").mlock_batching, v("v5.18").mlock_batching]).toEqual([false, true]);
    expect([
      v("v6.9").lru_flag_cleared_when_batched,
      v("v6.11").lru_flag_cleared_when_batched,
      v("v6.17").lru_flag_cleared_when_batched,
    ]).toEqual([false, true, false]);
    expect([v("v6.17").local_drain_first_in_drain_all, v("v6.18").local_drain_first_in_drain_all]).toEqual([
      false,
      true,
    ]);
    expect([v("v6.18").collect_extra_refs, v("mm-2026").collect_extra_refs]).toEqual(["one", "pin-refs"]);
  });

  it("the listing has one entry per base, patch and alias, each citing commits or postings and a model section", () => {
    const list = listVersions();
    expect(list.filter((e) => e.kind === "base").map((e) => e.name)).toEqual(BASES.map((b) => b.name));
    for (const e of list) {
      expect(e.cites.length).toBeGreaterThan(0);
      for (const c of e.cites) {
        if (c.commit !== undefined) expect(c.commit).toMatch(/^[0-9a-f]{12}$/);
        else expect(c.note).toBeTruthy(); // an unmerged posting says who posted it, when and where
        expect(c.subject.length).toBeGreaterThan(10);
      }
      for (const m of e.model) expect(m).toMatch(/^\d+(\.\d+)*$/);
    }
  });

  it("every base but the oldest names the base it derives from", () => {
    for (const b of BASES.slice(1)) expect(BASES.some((p) => p.name === b.parent)).toBe(true);
    expect(BASES[0]!.parent).toBeUndefined();
  });
});
