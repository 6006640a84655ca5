import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";
import { builtinPath } from "../../scenarios/builtin.ts";

const dir = () => mkdtempSync(join(tmpdir(), "pinsim-out-"));

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
    expect(r.out).toMatch(/^pins +48$/m);
    expect(r.out).toMatch(/^pins failed +0$/m);
    const wide = await pinsim([
      "run",
      "pkvm-mlock-onfault",
      "--kernel",
      "v6.17",
      "--runs",
      "3",
      "--format",
      "wide",
    ]);
    expect(wide.out).toMatch(/^v6\.17 +3 +48 +0 /m);
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
      ["run", "gpu-transient-refs", "--vary", "machine.cpus=1,2"],
      ["run", "io-uring-register", "--vary", "io_uring.pages=-1"],
      ["run", "gpu-transient-refs", "--vary", "gpu.hold=1us..2s:1000000000"],
      ["run", "gpu-transient-refs", "--seed", "1e3"],
      ["run", "gpu-transient-refs", "--seed", "0x10"],
      ["run", "gpu-transient-refs", "--json=false"],
      ["run", "gpu-transient-refs", "--workers", "100000"],
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

describe("run --vary", () => {
  it("sweeps the GPU hold time: mainline fails once holds outlast the passes, the RFC does not", async () => {
    const file = join(dir(), "sweep.svg");
    const r = await pinsim([
      "run",
      "gpu-transient-refs",
      "--kernel",
      "v6.18,v6.18+hubbard-wait",
      "--vary",
      "gpu.hold=1us,20ms",
      "--runs",
      "3",
      "--quiet",
      "--json",
      "--plot",
      file,
    ]);
    const sweep = JSON.parse(r.out) as {
      points: { kernel: string; pins_failed: number; pins_attempted: number }[][];
    };
    const [short, long] = sweep.points;
    expect(short!.map((k) => k.pins_failed)).toEqual([0, 0]);
    expect(long![0]!.pins_failed).toBe(long![0]!.pins_attempted); // v6.18: every pin fails at 20 ms
    expect(long![1]!.pins_failed).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it("prints the line that replays the sweep; --format csv gives one row per value and kernel", async () => {
    const argv = [
      "run",
      "gpu-transient-refs",
      "--kernel",
      "v6.18",
      "--vary",
      "gpu.hold=1us,20ms",
      "--runs",
      "2",
      "--quiet",
    ];
    const text = await pinsim(argv);
    expect(text.out).toContain(
      "pinsim run gpu-transient-refs --kernel v6.18 --vary gpu.hold=1us,20ms --seed 1 --runs 2",
    );
    expect(text.out).toMatch(/0\/\d+ 0% \(0–\d+(\.\d+)?%\)/); // the one number style
    const csv = await pinsim([...argv, "--format", "csv"]);
    const lines = csv.out.trimEnd().split("\r\n");
    expect(lines[0]!.startsWith("gpu.hold_ns,kernel,runs,")).toBe(true);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["1000", "20000000"]);
    expect((await pinsim([...argv, "--format", "wide"])).code).toBe(2);
  });

  it("names the valid parameters when PARAM is wrong (exit 2)", async () => {
    const r = await pinsim(["run", "gpu-transient-refs", "--vary", "gpu.holdz=1us..1ms:3"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/fields: .*interval.*hold/);
    const r2 = await pinsim(["run", "gpu-transient-refs", "--vary", "nosuch.hold=1us..1ms:3"]);
    expect(r2.err).toMatch(/no actor "nosuch"; actors: /);
    // Every error lists the parameters this scenario accepts.
    expect(r2.err).toMatch(
      /PARAM can be: .*gpu\.hold, .*gpu\.hold\.\w+.*machine\.cpus.*costs\.local_drain_ns.*stop/,
    );
    expect((await pinsim(["run", "gpu-transient-refs", "--vary", "costs.nope=1us,2us"])).err).toContain(
      'no cost "nope"',
    );
  });

  it("--kernel with a comma list needs --vary", async () => {
    const r = await pinsim(["run", "gpu-transient-refs", "--kernel", "v6.18,v6.17"]);
    expect(r.code).toBe(2);
  });
});

describe("limits", () => {
  it("refuses before running what cannot finish, saying the estimate, the limit and the flag", async () => {
    const file = join(dir(), "reads.yaml");
    writeFileSync(
      file,
      "regions: [{name: r, kind: anon, size: 64KiB}]\nactors: [{kind: gup-reader, cpu: 0, region: r, reads: 9007199254740991, interval: 0}]\n",
    );
    const r = await pinsim(["run", file]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      /needs about 1\.3e17 simulated steps for 2 runs .* over the limit of 1\.0e8; raise it with --max-steps/,
    );
  });

  it("--max-steps and --max-memory set the limits, for every command that runs a scenario", async () => {
    for (const argv of [
      ["run", "io-uring-register", "--max-steps", "1000"],
      ["compare", "io-uring-register", "--runs", "2", "--max-steps", "1000"],
      ["explain", "io-uring-register", "--max-steps", "1000"],
      ["trace", "io-uring-register", "--max-steps", "1000"],
      ["trace", "io-uring-register", "--max-memory", "1MiB"],
    ]) {
      const r = await pinsim(argv);
      expect([argv, r.code]).toEqual([argv, 2]);
      expect(r.err).toMatch(/over the limit of .*; raise it with --max-(steps|memory)/);
    }
    expect((await pinsim(["run", "io-uring-register", "--max-memory", "64MB"])).err).toMatch(
      /--max-memory: expected a size in KiB, MiB or GiB/,
    );
    expect(
      (await pinsim(["run", "io-uring-register", "--max-steps", "100000", "--max-memory", "1GiB"])).code,
    ).toBe(0);
  });
});
