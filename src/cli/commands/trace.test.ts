// pinsim trace, --plot and --vary (the "traces and pictures" commands).

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";

const dir = () => mkdtempSync(join(tmpdir(), "pinsim-out-"));

describe("pinsim trace", () => {
  it("prints kernel-format ftrace text with the migration events of a failing pin", async () => {
    const r = await pinsim(["trace", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "4"]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith("# tracer: nop\n")).toBe(true);
    expect(r.out).toMatch(/mm_migrate_pages_start: mode=MIGRATE_SYNC reason=longterm_pin/);
    expect(r.out).toMatch(/mm_migrate_pages: nr_succeeded=\d+ nr_failed=1 .* reason=longterm_pin/);
    expect(r.out).toMatch(/workqueue_queue_work|page_ref_mod: pfn=0x[0-9a-f]+ /);
  });

  it("is byte-identical for the same seed", async () => {
    const a = await pinsim(["trace", "gpu-transient-refs", "--seed", "3", "--format", "chrome"]);
    const b = await pinsim(["trace", "gpu-transient-refs", "--seed", "3", "--format", "chrome"]);
    expect(a.out).toBe(b.out);
    const json = JSON.parse(a.out) as { traceEvents: { ph: string }[] };
    expect(json.traceEvents.some((e) => e.ph === "X")).toBe(true);
  });

  it("writes -o FILE whole", async () => {
    const file = join(dir(), "t.json");
    const r = await pinsim(["trace", "pkvm-mlock-onfault", "--format", "chrome", "-o", file]);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(readFileSync(file, "utf8"))).not.toThrow();
    expect(r.err).toMatch(/replay: pinsim trace pkvm-mlock-onfault --kernel v6.15 --seed 1 --format chrome/);
  });

  it("rejects a bad format with exit 2 and writes nothing", async () => {
    const d = dir();
    const r = await pinsim(["trace", "pkvm-mlock-onfault", "--format", "perfetto", "-o", join(d, "x")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/one of ftrace, chrome/);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe("pinsim trace on a scenario file", () => {
  it("prints a replay line that names the file, and the line replays the same trace", async () => {
    const d = dir();
    const yaml = (await pinsim(["scenarios", "show", "pkvm-mlock-onfault"])).out; // same name: inside
    const file = join(d, "my scenario.yaml");
    writeFileSync(file, yaml.replace("start: 300us", "start: 200us"));
    const r = await pinsim(["trace", file, "--kernel", "v6.15", "--seed", "2", "-o", join(d, "a.txt")]);
    expect(r.code).toBe(0);
    const replay = /replay: pinsim (trace .*)$/m.exec(r.err)![1]!;
    expect(replay).toBe(`trace '${file}' --kernel v6.15 --seed 2 --format ftrace`);
    const again = await pinsim([
      "trace",
      file,
      ...replay.slice(replay.indexOf(" --") + 1).split(" "),
      "-o",
      join(d, "b.txt"),
    ]);
    expect(again.code).toBe(0);
    expect(readFileSync(join(d, "b.txt"), "utf8")).toBe(readFileSync(join(d, "a.txt"), "utf8"));
    const builtin = await pinsim(["trace", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "2"]);
    expect(builtin.out).not.toBe(readFileSync(join(d, "a.txt"), "utf8")); // the file, not the built-in
  });
});
