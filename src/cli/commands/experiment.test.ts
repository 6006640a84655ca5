import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinPath } from "../../scenarios/builtin.ts";
import { pinsim } from "../testing.ts";

describe("pinsim run", () => {
  it("exits 1 when a run violates a property, naming it and printing the replay line", async () => {
    const r = await pinsim(["run", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "4"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("pinsim run pkvm-mlock-onfault --kernel v6.15 --seed 4 --runs 1");
    expect(r.out).toContain("property every-pin-succeeds violated on v6.15 in 1 of 1 runs; first at seed 4");
    expect(r.out).toContain("pinsim explain pkvm-mlock-onfault --kernel v6.15 --seed 4");
    expect(r.out).toContain("-ENOMEM");
  });

  it("exits 0 when every property holds, with the scenario's kernel by default", async () => {
    const r = await pinsim(["run", "pkvm-mlock-onfault", "--kernel", "v6.17", "--runs", "3"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^v6\.17 +3 +48 +0 /m);
    expect((await pinsim(["run", "io-uring-register"])).code).toBe(0);
  });

  it("exits 2 on an unknown kernel, an unknown scenario, a bad option, an unknown actor, with nothing on stdout", async () => {
    for (const argv of [
      ["run", "pkvm-mlock-onfault", "--kernel", "v9.99"],
      ["run", "no-such-scenario"],
      ["run", "pkvm-mlock-onfault", "--runs", "zero"],
      ["run", "pkvm-mlock-onfault", "--seed", "4294967296"],
      ["compare", "pkvm-mlock-onfault", "--kernels", "v6.15,v6.15+nonsense"],
      ["run", "gup-reader-contention", "--without", "gpu"],
      ["explain", "pkvm-mlock-onfault", "--vs", "v0"],
    ]) {
      const r = await pinsim(argv);
      expect([argv, r.code]).toEqual([argv, 2]);
      expect(r.out).toBe("");
      expect(r.err.length).toBeGreaterThan(0);
    }
  });

  it("exits 2 on a scenario file with a cost name the cost model lacks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinsim-"));
    const file = join(dir, "bad-cost.yaml");
    writeFileSync(
      file,
      `${readFileSync(builtinPath("io-uring-register"), "utf8")}costs:\n  lru_add_drain_all: 40us\n`,
    );
    const r = await pinsim(["run", file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown cost "lru_add_drain_all"');
  });

  it("--without drops an actor and the replay line keeps it", async () => {
    const r = await pinsim([
      "run",
      "gup-reader-contention",
      "--without",
      "gup-reader",
      "--runs",
      "2",
      "--quiet",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "pinsim run gup-reader-contention --kernel debian-6.1 --seed 1 --runs 2 --without gup-reader",
    );
  });
});

describe("pinsim compare", () => {
  it("--json prints exactly the documented document", async () => {
    const r = await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,mm-2026",
      "--runs",
      "4",
      "--json",
    ]);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(["scenario", "runs", "seed", "results"]);
    expect(doc.results.map((x: { kernel: string }) => x.kernel)).toEqual(["v6.15", "mm-2026"]);
    expect(doc.results[1]).toMatchObject({ runs: 4, pins_attempted: 64, pins_failed: 0, drains_global: 0 });
  });

  it("draws a progress bar only on an interactive stderr, and not with --quiet", async () => {
    const argv = ["compare", "pkvm-mlock-onfault", "--kernels", "v6.17", "--runs", "3"];
    expect((await pinsim(argv, true)).err).toContain("runs");
    expect((await pinsim([...argv, "--quiet"], true)).err).toBe("");
    expect((await pinsim(argv, false)).err).toBe("");
  });
});

describe("pinsim scenarios and explain", () => {
  it("lists the built-ins with their descriptions", async () => {
    const r = await pinsim(["scenarios", "--json"]);
    const list = JSON.parse(r.out) as { name: string; description: string }[];
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
