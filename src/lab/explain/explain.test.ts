import { describe, expect, it } from "vitest";
import { formatExplanation } from "../../report/text/explain.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { explain } from "./explain.ts";

const pkvm = loadScenario("pkvm-mlock-onfault");

describe("explain", () => {
  const e = explain(pkvm, resolveKernel("v6.15"), { base: 1, search: 50, vs: resolveKernel("v6.17") });

  it("finds the first failing seed and its first failed pin", () => {
    expect(e.seed).toBe(4);
    expect(e.searched).toBe(4);
    expect(e.primary.pin).toMatchObject({ actor: "vcpu", errno: -12 });
  });

  it("names the holder: crosvm's mlock_folio entry in CPU 7's mlock batch, with PG_lru set", () => {
    const d = e.primary.folio!.diagnosis!;
    expect(d.decision).toEqual({ kind: "lru-flag-set", lru_list: "unevictable" });
    expect(d.refs).toHaveLength(1);
    expect(d.refs[0]).toMatchObject({
      kind: "batch",
      entry: { cpu: 7, batch: "mlock", op: "mlock_folio", queued_by: "crosvm" },
    });
    expect(d.failed_checks).toBe(10);
    const check = e.primary.folio!.checks.at(-1)!;
    expect([check.count, check.expected, check.pass]).toEqual([3, 2, 10]);
  });

  it("says it in words a kernel developer reads", () => {
    const text = formatExplanation(e);
    expect(text).toContain("in the mlock batch of CPU 7: queued by crosvm's mlock_folio at t=");
    expect(text).toContain(
      "The drain test looked at PG_lru, which was set because the folio was already on the unevictable",
    );
    expect(text).toMatch(/only lru_add_drain_all\(\) or a drain on CPU 7 would\s+release/);
    expect(text).toContain("refcount 3, expected 2 (1 + 1 isolation)");
  });

  it("tells the same page's story on the --vs kernel, matched by region and page", () => {
    const vs = e.vs!;
    expect(vs.kernel).toBe("v6.17");
    expect(vs.pin).toMatchObject({
      actor: "vcpu",
      seq: e.primary.pin!.seq,
      page: e.primary.folio!.page,
      errno: 0,
    });
    expect(vs.folio!.checks.at(-1)!.ok).toBe(true);
    expect(vs.folio!.migrated_to).not.toBeNull();
    expect(formatExplanation(e)).toContain("on v6.17, same seed:");
  });

  it("reports a transient holder by its label on the GPU scenario", () => {
    const g = explain(loadScenario("gpu-transient-refs"), resolveKernel("v6.18"), { base: 1, search: 5 });
    const refs = g.primary.folio!.diagnosis!.refs;
    expect(refs.some((r) => r.kind === "transient" && /^gpu-1 cuMemset op \d+$/.test(r.ref.label))).toBe(
      true,
    );
  });

  it("says so when no pin failed", () => {
    const none = explain(pkvm, resolveKernel("v6.17"), { seed: 4, base: 1, search: 1 });
    expect(none.primary.pin).toBeNull();
    expect(formatExplanation(none)).toContain("no pin failed (16 pin calls, all succeeded)");
  });
});
