// pinsim trace, --plot and --vary (the "traces and pictures" commands).

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";
import { builtinPath } from "../../scenarios/builtin.ts";

const dir = () => mkdtempSync(join(tmpdir(), "pinsim-out-"));

describe("pinsim trace", () => {
  it("to stdout, prints the replay line naming the file on a terminal's stderr, nothing otherwise", async () => {
    const file = builtinPath("io-uring-register");
    const argv = ["trace", file, "--kernel", "v6.17", "--seed", "2"];
    const tty = await pinsim(argv, true);
    expect(tty.code).toBe(0);
    expect(tty.err).toContain(`replay: pinsim trace ${file} --kernel v6.17 --seed 2 --format ftrace`);
    expect((await pinsim(argv, false)).err).toBe("");
  });

  it("prints kernel-format ftrace text with the migration events of a failing pin", async () => {
    const r = await pinsim(["trace", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "4"]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith("# tracer: nop\n")).toBe(true);
    expect(r.out).toMatch(/mm_migrate_pages_start: mode=MIGRATE_SYNC reason=longterm_pin/);
    expect(r.out).toMatch(/mm_migrate_pages: nr_succeeded=\d+ nr_failed=1 .* reason=longterm_pin/);
    expect(r.out).toMatch(/page_ref_mod: pfn=0x[0-9a-f]+ /);
    expect(r.out).toMatch(
      / r___gup_longterm_locked_0: \(pin_user_pages\+0x[0-9a-f]+\/0x[0-9a-f]+ <- __gup_longterm_locked\) ret=-12\n/,
    );
    expect(r.out).toMatch(/ r_pin_user_pages_0: \(\S+ <- pin_user_pages\) ret=-12\n/);
  });

  it("prints each version's tracepoint layouts: nr_split and function= only where the kernel has them", async () => {
    const old = await pinsim([
      "trace",
      "io-uring-register",
      "--kernel",
      "v6.1",
      "--events",
      "mm_migrate*,workqueue_activate_work",
    ]);
    const cur = await pinsim([
      "trace",
      "io-uring-register",
      "--kernel",
      "v6.15",
      "--events",
      "mm_migrate*,workqueue_activate_work",
    ]);
    expect(old.out).toMatch(
      /mm_migrate_pages: nr_succeeded=\d+ nr_failed=0 nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 mode=/,
    );
    expect(old.out).toMatch(/workqueue_activate_work: work struct [0-9a-f]{16}\n/);
    expect(cur.out).toMatch(/ nr_thp_split=0 nr_split=0 mode=/);
  });

  it("--events keeps the chosen names only, and the header counts what is left", async () => {
    const r = await pinsim([
      "trace",
      "pkvm-mlock-onfault",
      "--seed",
      "4",
      "--events",
      "r_*,mm_migrate_pages",
    ]);
    const lines = r.out.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(new Set(lines.map((l) => /: ([a-z_0-9]+): /.exec(l)![1]))).toEqual(
      new Set(["r_pin_user_pages_0", "r___gup_longterm_locked_0", "mm_migrate_pages"]),
    );
    expect(r.out).toContain(`# entries-in-buffer/entries-written: ${lines.length}/${lines.length}   #P:8`);
  });

  it("--cpus, --folios and --from/--to narrow the trace", async () => {
    const r = await pinsim([
      "trace",
      "pkvm-mlock-onfault",
      "--cpus",
      "3",
      "--from",
      "300us",
      "--to",
      "0.4ms",
    ]);
    const lines = r.out.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      expect(l).toContain(" [003] ");
      const secs = Number(/ (\d+\.\d{6}): /.exec(l)![1]);
      expect(secs).toBeGreaterThanOrEqual(0.0003);
      expect(secs).toBeLessThanOrEqual(0.0004);
    }
    const one = await pinsim([
      "trace",
      "pkvm-mlock-onfault",
      "--folios",
      "0x100003",
      "--events",
      "page_ref_*,mm_lru*",
    ]);
    const pfns = new Set([...one.out.matchAll(/pfn=(0x[0-9a-f]+)/g)].map((m) => m[1]));
    expect(pfns).toEqual(new Set(["0x100003"]));
  });

  it("rejects narrowing it cannot honour with exit 2, naming what is valid", async () => {
    const cases: [string[], RegExp][] = [
      [["--cpus", "8"], /--cpus: "8" is not a CPU or range of this machine; expected numbers 0-7/],
      [
        ["--events", "page_ref_md"],
        /--events: "page_ref_md" matches no event pinsim writes; events: page_ref_set, /,
      ],
      [["--folios", "seven"], /--folios: "seven" is neither a folio id/],
      [["--from", "2ms", "--to", "1ms"], /--from 2ms is after --to 1ms/],
      [["--from", "soon"], /--from: "soon" is not a time/],
      [["--with-ftrace"], /--with-ftrace embeds ftrace in the chrome format/],
    ];
    for (const [extra, message] of cases) {
      const r = await pinsim(["trace", "pkvm-mlock-onfault", ...extra]);
      expect(r.code, extra.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
    }
  });

  it("gzips a .gz output and prints ns timestamps on request", async () => {
    const file = join(dir(), "t.txt.gz");
    const args = ["trace", "thp-pin", "--ns-timestamps", "--events", "mm_migrate_pages"];
    const r = await pinsim([...args, "-o", file]);
    expect(r.code).toBe(0);
    const stdout = await pinsim(args);
    expect(gunzipSync(readFileSync(file)).toString("utf8")).toBe(stdout.out);
    expect(stdout.out).toMatch(/ \d+\.\d{9}: mm_migrate_pages: /);
    expect(r.err).toMatch(/replay: pinsim trace thp-pin .* --events mm_migrate_pages --ns-timestamps\n/);
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

  it("chrome: tasks as threads, counter tracks only for the folios that failed, ftrace embedded on request", async () => {
    const r = await pinsim([
      "trace",
      "pkvm-mlock-onfault",
      "--seed",
      "4",
      "--format",
      "chrome",
      "--with-ftrace",
    ]);
    const json = JSON.parse(r.out) as {
      traceEvents: { name: string; ph: string; pid: number; tid: number; args?: Record<string, unknown> }[];
      systemTraceEvents: string;
    };
    const threads = json.traceEvents.filter((e) => e.name === "thread_name").map((e) => e.args!.name);
    expect(threads).toEqual(expect.arrayContaining(["vcpu", "crosvm"]));
    const counters = new Set(json.traceEvents.filter((e) => e.ph === "C").map((e) => e.name));
    const folioCounters = [...counters].filter((n) => n.startsWith("folio "));
    expect(folioCounters.length).toBeGreaterThan(0);
    expect(folioCounters.length).toBeLessThanOrEqual(4);
    expect(json.systemTraceEvents.startsWith("# tracer: nop\n")).toBe(true);
    expect(json.systemTraceEvents).toMatch(/ r_pin_user_pages_0: .* ret=-12\n/);
    expect(json.systemTraceEvents).not.toMatch(/tracing_mark_write|workqueue_execute_/);
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
