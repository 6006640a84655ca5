import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { kernelWith } from "../../../test/support/summaries.ts";
import type { KernelSummary } from "../../lab/compare/summary.ts";
import { wrap } from "./columns.ts";
import { breakName, formatCompareKernels, headerLines, TEXT_WIDTH } from "./compare_kernels.ts";

const sd = (v: number) =>
  Object.fromEntries(
    [
      "outer_retries",
      "drains_local",
      "drains_global",
      "drains_unhelpful",
      "drain_work_items",
      "migrate_attempts",
      "migrate_eagain",
      "waits",
      "wakeups",
      "static_key_toggles",
      "drains_piggybacked",
      "migrate_succeeded",
      "migrate_failed",
      "wait_timeouts",
      "faults",
    ].map((k) => [k, v]),
  ) as KernelSummary["per_run_sd"];

/** Four kernels as in the README: v6.15 fails, the others do not; 6.17 drains for every pin. */
function readmeLike(): KernelSummary[] {
  const base = (k: string, failed: number, p99: number) => ({
    ...kernelWith(k, { runs: 1000, pins: 16000, failed, p50: 2980, p99, max: p99 + 5000 }),
    per_run_sd: sd(0.5),
    pin_latency_ci95_ns: { p50: { low: 2900, high: 3000 }, p99: { low: p99 - 300, high: p99 + 300 } },
    runs_with_failure: failed > 0 ? 320 : 0,
  });
  return [
    { ...base("v6.15", 366, 17_400), drains_global: 404, outer_retries: 6817 },
    { ...base("v6.15+hugh-refcount-check", 0, 18_700), drains_global: 7178, outer_retries: 7178 },
    { ...base("v6.17", 0, 17_500), drains_local: 7127, drains_global: 7127, outer_retries: 6820 },
    { ...base("mm-2026", 0, 6270), outer_retries: 7187 },
  ];
}

describe("formatCompareKernels (mmtests compare-kernels layout)", () => {
  const text = formatCompareKernels(readmeLike());
  const lines = text.split("\n");
  const row = (label: string) => lines.find((l) => l.startsWith(`${label} `))!;

  it("fits four kernels, one with a long name, in 100 columns", () => {
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(TEXT_WIDTH);
  });

  it("has metrics as rows and kernels as columns, long names wrapped, not cut", () => {
    expect(lines[0]).toMatch(/^ +v6\.15\+hugh-$/);
    expect(lines[1]).toMatch(/ v6\.15 +refcount-check +v6\.17 +mm-2026$/);
    expect(row("pins failed")).toMatch(
      /^pins failed +366 \( +0\.00%\) +0 \*-100\.00%\* +0 \*-100\.00%\* +0 \*-100\.00%\*$/,
    );
  });

  it("marks a difference only where its test says so", () => {
    expect(row("drains global")).toMatch(/\* +\+1677%\*/); // 404 -> 7178, sd 0.5 per run
    expect(row("pin latency p50")).not.toContain("*"); // same distribution
    expect(row("pin latency p99")).toMatch(/18\.7 µs \* +\+7\.47%\*/); // intervals 17.1-17.7 and 18.4-19.0 µs
    expect(row("pin latency p99")).toMatch(/17\.5 µs \( +\+0\.57%\)/); // overlapping intervals
    expect(row("pin latency max")).not.toContain("*"); // never tested
    expect(row("pins")).not.toContain("*");
  });

  it("gives the baseline 0.00% and says what the marks mean", () => {
    expect(row("failure rate")).toMatch(/^failure rate +2\.29% \( +0\.00%\)/);
    expect(text).toContain("change against v6.15, the first kernel");
    expect(text).toMatch(/Newcombe/);
    expect(text).toMatch(/Welch/);
  });

  it("prints one kernel without a change column", () => {
    const one = formatCompareKernels(readmeLike().slice(0, 1));
    expect(one).toMatch(/^pins failed +366$/m);
    expect(one).not.toMatch(/\( +0\.00%\)/);
    expect(one).not.toContain("first kernel");
  });

  it("matches golden/compare_kernels.txt (UPDATE_GOLDEN=1 rewrites it)", () => {
    const path = fileURLToPath(new URL("../../../test/golden/compare_kernels.txt", import.meta.url));
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, text);
    expect(text).toBe(readFileSync(path, "utf8"));
  });
});

describe("kernel names in headers", () => {
  it("break after '-' and before '+', never losing a character", () => {
    expect(breakName("v6.15+hugh-refcount-check", 18)).toEqual(["v6.15+hugh-", "refcount-check"]);
    expect(breakName("v6.17", 18)).toEqual(["v6.17"]);
    const long = "v6.18+hubbard-wait-all-movable=10ms+hugh-drain-all-local-first";
    expect(breakName(long, 12).join("")).toBe(long);
    for (const l of breakName(long, 12)) expect(l.length).toBeLessThanOrEqual(12);
  });

  it("are bottom-aligned across kernels", () => {
    expect(headerLines(["a", "bbbb-cccc"], 5)).toEqual([
      ["", "bbbb-"],
      ["a", "cccc"],
    ]);
  });

  it("wrap() keeps words whole within the width", () => {
    expect(wrap("aaa bbb ccc", 7)).toBe("aaa bbb\nccc");
    expect(wrap("aaa bbb ccc", 7, "  ")).toBe("aaa bbb\n  ccc");
  });
});
