import { describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";

describe("pinsim versions", () => {
  it("cites kernel commits by id and subject, and sections of docs/kernel-model.md, never kernel-reference", async () => {
    const r = await pinsim(["versions"]);
    expect(r.out).toContain("98c6d259319e mm/gup: check ref_count instead of lru before migration");
    expect(r.out).toContain("docs/kernel-model.md §3.4.1");
    expect(r.out).not.toMatch(/kernel-reference/);
    const doc = JSON.parse((await pinsim(["versions", "--json"])).out);
    const hugh = doc.versions.find((v: { name: string }) => v.name === "hugh-refcount-check");
    expect(hugh.cites[0]).toEqual({
      commit: "98c6d259319e",
      subject: "mm/gup: check ref_count instead of lru before migration",
    });
  });

  it("show KERNEL prints every setting and where it comes from", async () => {
    const r = await pinsim(["versions", "show", "v6.15+hugh-refcount-check"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}collect_drain_test +"refcount" +patch hugh-refcount-check$/m);
    expect(r.out).toMatch(/^ {2}batch_size +31 +base v6\.9$/m);
    expect(r.out).toContain("9cecde80aae0 mm: increase folio batch size");
    const doc = JSON.parse((await pinsim(["versions", "show", "debian-6.1", "--json"])).out);
    expect(doc.expands).toMatch(/^v6\.1\+/);
    expect(doc.config.batch_size).toBe(15);
    expect(doc.settings.find((s: { field: string }) => s.field === "collect_drain_test").from.name).toBe(
      "hugh-refcount-check",
    );
  });

  it("show with an unknown kernel is exit 2 with a suggestion", async () => {
    const r = await pinsim(["versions", "show", "v6.177"]);
    expect([r.code, r.out]).toEqual([2, ""]);
    expect(r.err).toContain('did you mean "v6.17"?');
  });
});
