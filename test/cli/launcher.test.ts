// bin/pinsim.js under an older system Node re-executes pinsim under Node 24: it must pass signals
// on and report a child's death by signal as 128+n, not as pinsim's "property violated" 1.

import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childrenOf, exited, isAlive, ROOT, until } from "../support/processes.ts";

const LAUNCHER = join(ROOT, "bin", "pinsim.js");

/** A Node older than 24 on this machine (the launcher's re-exec path), or null. */
function olderNode(): string | null {
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node", "/bin/node"]) {
    try {
      const v = execFileSync(candidate, ["--version"], { encoding: "utf8" });
      if (Number(v.replace(/^v/, "").split(".")[0]) < 24) return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

const old = olderNode();

/** Long enough to be interrupted: thousands of runs on one thread. */
const LONG_RUN = ["run", "gup-reader-contention", "--runs", "100000", "--workers", "1", "--quiet"];

async function startedChild(launcher: ReturnType<typeof spawn>): Promise<number> {
  await until(() => childrenOf(launcher.pid!).length > 0);
  return childrenOf(launcher.pid!)[0]!;
}

describe.skipIf(old === null)("bin/pinsim.js under an older Node", () => {
  it("runs pinsim and passes its exit code through", async () => {
    const r = await exited(
      spawn(old!, [LAUNCHER, "run", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "4"]),
    );
    expect(r.code).toBe(1);
    expect((await exited(spawn(old!, [LAUNCHER, "run", "no-such-scenario"]))).code).toBe(2);
  });

  it("forwards SIGTERM to the child (no orphan) and exits 128+15", async () => {
    const launcher = spawn(old!, [LAUNCHER, ...LONG_RUN], { stdio: "ignore" });
    const done = exited(launcher);
    const child = await startedChild(launcher);
    launcher.kill("SIGTERM");
    const r = await done;
    expect(r.code).toBe(143);
    await until(() => !isAlive(child));
  });

  it("reports a child killed by SIGKILL (the OOM killer) as 137, not as exit 1", async () => {
    const launcher = spawn(old!, [LAUNCHER, ...LONG_RUN], { stdio: "ignore" });
    const done = exited(launcher);
    process.kill(await startedChild(launcher), "SIGKILL");
    expect((await done).code).toBe(137);
  });
});
