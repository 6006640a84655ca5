import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { comparisonJson } from "../../report/text/run_json.ts";
import { loadScenario } from "../../scenarios/index.ts";
import { resolveKernel } from "../../versions/resolve.ts";
import { compareKernels } from "./compare.ts";

const pkvm = loadScenario("pkvm-mlock-onfault");
const v615AndV617 = [resolveKernel("v6.15"), resolveKernel("v6.17")];
const configs = v615AndV617;
const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("compareKernels", () => {
  it("produces the documented JSON shape, one result per kernel, in the order given", async () => {
    const c = await compareKernels(pkvm, v615AndV617, { runs: 5, seed: 3, workers: 1 });
    const doc = JSON.parse(comparisonJson(c, configs));
    expect(Object.keys(doc)).toEqual([
      "pinsim_version",
      "schema_version",
      "scenario",
      "runs",
      "seed",
      "results",
    ]);
    expect(doc).toMatchObject({ scenario: "pkvm-mlock-onfault", runs: 5, seed: 3 });
    expect(doc.results.map((r: { kernel: string }) => r.kernel)).toEqual(["v6.15", "v6.17"]);
    const stable = [
      "kernel",
      "runs",
      "pins_attempted",
      "pins_failed",
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
      "pin_latency_ns",
    ];
    for (const r of doc.results) {
      expect(Object.keys(r).slice(0, stable.length)).toEqual(stable);
      expect(Object.keys(r.pin_latency_ns)).toEqual(["p50", "p99", "max"]);
      expect(r.runs).toBe(5);
      expect(r.pins_attempted).toBe(80);
    }
    // Each kernel's resolved config, and every kernel after the first against the first.
    expect(doc.results.map((r: { config: { name: string } }) => r.config.name)).toEqual(["v6.15", "v6.17"]);
    expect(doc.results[1].config.collect_drain_test).toBe("refcount");
    expect(doc.results[0].versus_baseline).toBeUndefined();
    expect(doc.results[1].versus_baseline.drains_global).toMatchObject({ significant: true });
  });

  it("worker threads give byte-identical output to a single thread (seed ranges merge in order)", async () => {
    const args = [
      "src/cli/main.ts",
      "compare",
      "pkvm-mlock-onfault",
      "--kernels",
      "v6.15,v6.17",
      "--runs",
      "300",
      "--seed",
      "11",
      "--json",
      "--workers",
      "2",
      "--quiet",
    ];
    // The project's Node 24 strips types in worker threads; vitest's Node may not, so the threaded
    // side runs as a child process and the single-threaded side right here.
    let threaded = "";
    try {
      threaded = execFileSync(`${root}node_modules/.bin/node`, args, { cwd: root, encoding: "utf8" });
    } catch (e) {
      threaded = (e as { stdout: string }).stdout; // exit 1: v6.15 violates every-pin-succeeds
    }
    const single = await compareKernels(pkvm, v615AndV617, { runs: 300, seed: 11, workers: 1 });
    expect(threaded).toBe(comparisonJson(single, configs));
  });
});
