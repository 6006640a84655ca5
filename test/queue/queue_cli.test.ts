// --queue as the command line sees it, without a Redis: bad addresses fail fast with exit 2, what
// cannot be spread is refused, and a command without --queue never loads BullMQ.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { pinsim } from "../support/cli.ts";
import { ROOT } from "../support/processes.ts";
import { freePort } from "../support/redis.ts";

describe("--queue without a Redis", () => {
  it("a malformed URL: exit 2 before any run, naming the form", async () => {
    const r = await pinsim(["run", "pkvm-mlock-onfault", "--runs", "5", "--queue", "foo"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/--queue "foo": not a URL; the form is redis:\/\/HOST:PORT\[\/DB\]/);
  });

  it("nothing listening there: exit 2, saying so (connection attempts are bounded)", async () => {
    const port = await freePort();
    for (const argv of [
      ["compare", "pkvm-mlock-onfault", "--kernels", "v6.15,v6.17", "--runs", "5"],
      ["check", "gpu-transient-refs", "--strategy", "random", "--max-executions", "10"],
      ["worker", "--concurrency", "1"],
    ]) {
      const r = await pinsim([...argv, "--queue", `redis://127.0.0.1:${port}`]);
      expect(r.code, argv[0]).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toContain(
        `--queue redis://127.0.0.1:${port}: cannot reach Redis there (connect ECONNREFUSED`,
      );
    }
  });

  it("refuses what does not split: exhaustive checks, a wall-clock budget, a worker without a queue", async () => {
    const url = "redis://127.0.0.1:1";
    const dpor = await pinsim(["check", "pkvm-mlock-onfault", "--queue", url]);
    expect(dpor.code).toBe(2);
    expect(dpor.err).toMatch(
      /--queue: --strategy dpor explores one tree in one process; only pct and random split/,
    );
    const secs = await pinsim([
      "check",
      "pkvm-mlock-onfault",
      "--strategy",
      "pct",
      "--max-seconds",
      "1",
      "--queue",
      url,
    ]);
    expect(secs.code).toBe(2);
    expect(secs.err).toMatch(/--max-seconds would make the answer depend on the machines/);
    const w = await pinsim(["worker"]);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/--queue redis:\/\/HOST:PORT\[\/DB\] is required/);
  });

  it("bullmq and ioredis are reached from the command line only through import() (a command without --queue loads neither)", () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gms)) {
        const spec = m[1]!;
        if (spec === "bullmq" || spec === "ioredis") offenders.push(relative(ROOT, file));
        if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
      }
    };
    // Commands are imported when they run (cli/registry.ts): start from each one as well as main.ts.
    visit(join(ROOT, "src", "cli", "main.ts"));
    const commands = join(ROOT, "src", "cli", "commands");
    for (const f of readdirSync(commands))
      if (f.endsWith(".ts") && !f.endsWith(".test.ts")) visit(join(commands, f));
    expect(seen.size).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
