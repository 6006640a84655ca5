// The validate suite: built-in program scenarios on Debian's stock 6.1 cloud kernel under QEMU,
// each of which must agree with pinsim's model of that kernel (debian-6.1). Booted with
// transparent_hugepage=never, so khugepaged's periodic drains cannot change a run's outcome:
// every measure is deterministic and compared exactly. Skipped, saying so, where QEMU is not
// installed, except in CI (CI=true), where .ci/run installs it and the suite must run.

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pinsim } from "../support/cli.ts";

const haveQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;
const inCi = process.env.CI === "true";
if (!haveQemu && !inCi)
  console.warn(
    "skipping the real-kernel validate suite: no qemu-system-x86_64 (apt-get install qemu-system-x86)",
  );

/** Each scenario and what Debian's 6.1.192 really does with it (the model must say the same). */
const SUITE: readonly [string, string][] = [
  ["mlock-remote-batch", "ok"],
  ["mlock-local-batch", "ok"],
  ["reader-activate-batch", "ok"],
  ["madv-cold-deactivate-batch", "ok"],
  ["vmsplice-held-page", "-ENOMEM"],
];

describe.skipIf(!haveQemu && !inCi)("pinsim validate on Debian's stock 6.1 kernel", () => {
  it.each(SUITE)(
    "%s: the kernel's result is %s and the model agrees on every measure",
    async (name, result) => {
      const r = await pinsim(["validate", name, "--runs", "2", "--json", "--quiet"]);
      expect(r.err).toBe("");
      const v = JSON.parse(r.out);
      const differing = v.rows.filter((row: { agree: boolean }) => !row.agree);
      expect({ differing, problems: v.problems }).toEqual({ differing: [], problems: [] });
      expect(v.model.kernel).toBe("debian-6.1");
      const results = v.rows.filter((row: { measure: string }) => row.measure === "result");
      expect(results.length).toBeGreaterThan(0);
      for (const row of results) expect(row.real).toEqual([result, result]);
      expect(r.code).toBe(0);
    },
    300_000,
  );
});
