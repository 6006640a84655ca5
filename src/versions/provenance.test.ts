import { describe, expect, it } from "vitest";
import { kernelProvenance } from "./provenance.ts";
import { resolveKernel, UnknownKernelError } from "./resolve.ts";

const from = (spec: string, field: string) => kernelProvenance(spec).settings.find((s) => s.field === field)!;

describe("kernelProvenance", () => {
  it("lists every setting of the resolved config, nested ones by path", () => {
    const p = kernelProvenance("v6.15+hugh-refcount-check");
    const c = resolveKernel("v6.15+hugh-refcount-check");
    expect(p.config).toEqual(c);
    expect(from("v6.15+hugh-refcount-check", "batch_size").value).toBe(31);
    expect(from("v6.15+hugh-refcount-check", "hubbard_wait.timeout_ns").value).toBe(1e9);
    expect(p.settings.map((s) => s.field)).toContain("collect_drain_test");
  });

  it("names the patch that changed a setting, with its commit", () => {
    const s = from("v6.15+hugh-refcount-check", "collect_drain_test");
    expect([s.value, s.from.kind, s.from.name]).toEqual(["refcount", "patch", "hugh-refcount-check"]);
    expect(s.from.cites[0]!.commit).toBe("98c6d259319e");
    expect(from("v6.18+hubbard-wait=10ms", "hubbard_wait.timeout_ns").from.name).toBe("hubbard-wait=10ms");
  });

  it("names the oldest base on the line of descent that had the value", () => {
    expect(from("v6.15", "batch_size").from.name).toBe("v6.9"); // 15 -> 31
    expect(from("v6.15", "collect_drain_test").from.name).toBe("v5.17"); // never changed before 6.17
    expect(from("v6.17", "lru_flag_cleared_when_batched").from.name).toBe("v6.17"); // the revert
    expect(from("v6.15", "lru_flag_cleared_when_batched").from.name).toBe("v6.11");
    expect(from("mm-2026", "batches_hold_refs").from.name).toBe("mm-2026");
  });

  it("a patch that sets a value the kernel already has changes nothing", () => {
    expect(from("v6.17+hugh-refcount-check", "collect_drain_test").from.name).toBe("v6.17");
  });

  it("expands aliases and refuses unknown names with a suggestion", () => {
    expect(kernelProvenance("debian-6.1").expands).toMatch(/^v6\.1\+hugh-refcount-check\+/);
    expect(from("debian-6.1", "collect_skip_large").from.name).toBe("hugh-may-be-lru-cached");
    expect(() => kernelProvenance("v6.177")).toThrow(UnknownKernelError);
  });
});
