import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pinsim } from "../../../test/support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "pinsim-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Anything a browser would fetch: src/href/url()/@import to another place, or a URL at all. */
const EXTERNAL =
  /(src|href)\s*=\s*["']?\s*(https?:|\/\/)|url\(\s*["']?\s*(https?:|\/\/)|@import|https?:\/\//i;

describe("pinsim report --html", () => {
  it("writes one self-contained file: table, inline chart, the first failure's story, replay lines", async () => {
    const file = join(dir, "pin.html");
    const r = await pinsim([
      "report",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,v6.17",
      "--runs",
      "30",
      "--html",
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`wrote ${file}\n`);
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(EXTERNAL);
    expect(html).not.toMatch(/<script|<link|<img|<iframe/i);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg/g)?.length).toBe(1);
    const compare = await pinsim([
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,v6.17",
      "--runs",
      "30",
    ]);
    const seed = /first at seed (\d+)/.exec(compare.out)![1]!;
    for (const line of [
      "pinsim compare pkvm-mlock-onfault --kernels v6.15,v6.17 --seed 1 --runs 30",
      "pinsim run pkvm-mlock-onfault --kernel v6.17 --seed 1 --runs 30",
      `pinsim explain pkvm-mlock-onfault --kernel v6.15 --seed ${seed}`,
    ])
      expect(html).toContain(line);
    const explain = await pinsim(["explain", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", seed]);
    const firstLines = explain.out.split("\n").slice(0, 4).join("\n");
    expect(html).toContain(firstLines.replaceAll("<", "&lt;").replaceAll(">", "&gt;"));
  });

  it("a sweep: its chart and table, and the replay line with --vary", async () => {
    const file = join(dir, "sweep.html");
    const args = [
      "report",
      "mlock-local-batch",
      "--kernels",
      "v6.11",
      "--vary",
      "machine.cpus=2,4",
      "--runs",
      "3",
    ];
    const r = await pinsim([...args, "--html", file]);
    expect(r.code).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(EXTERNAL);
    expect(html).toContain(
      "pinsim run mlock-local-batch --kernel v6.11 --vary machine.cpus=2,4 --seed 1 --runs 3",
    );
    expect(html).toContain("<h2>Sweep</h2>");
  });

  it("bad input exits 2 with a clear message and writes nothing", async () => {
    const file = join(dir, "bad.html");
    const cases: [string[], RegExp][] = [
      [
        ["report", "no-such-scenario", "--html", file],
        /no built-in scenario or file named "no-such-scenario"/,
      ],
      [["report", "cma-pin", "--kernels", "v9.99", "--html", file], /unknown kernel "v9\.99"/],
      [["report", "cma-pin", "--runs", "3"], /--html FILE is required/],
      [["report", "cma-pin", "--html", join(dir, "missing", "x.html")], /directory .* does not exist/],
      [["report", "cma-pin", "--vary", "nope=1,2", "--html", file], /nope/],
    ];
    for (const [args, message] of cases) {
      const r = await pinsim(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]);
  });
});
