import { describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";

describe("pinsim scenarios and explain", () => {
  it("lists the built-ins with their descriptions", async () => {
    const r = await pinsim(["scenarios", "--json"]);
    const list = JSON.parse(r.out).scenarios as { name: string; description: string }[];
    expect(list.map((s) => s.name)).toContain("pkvm-mlock-onfault");
    expect((await pinsim(["scenarios"])).out).toContain("gpu-transient-refs");
  });

  it("explains the first failed pin of the pKVM case on v6.15", async () => {
    const r = await pinsim([
      "explain",
      "pkvm-mlock-onfault",
      "--kernel",
      "v6.15",
      "--seed",
      "4",
      "--vs",
      "v6.17",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("in the mlock batch of CPU 7: queued by crosvm's mlock_folio");
    expect(r.out).toContain("on v6.17, same seed:");
  });
});
