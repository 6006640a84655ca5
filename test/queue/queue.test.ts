// --queue end to end: Debian's redis-server on a free port, `pinsim worker` processes, and the
// submitting command in this process. Each answer must be byte-identical to the command without
// --queue: after a worker is SIGKILLed mid-job, after Redis is killed and restarted empty, and
// when a repeated command finds its results already stored.

import { type ChildProcess, spawn } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isInputError } from "../../src/cli/input_error.ts";
import "../../src/cli/queue_option.ts";
import { QueueJobError } from "../../src/queue/job.ts";
import { jobIdOf, QueueRunner } from "../../src/queue/runner.ts";
import { pinsim } from "../support/cli.ts";
import { childrenOf, isAlive, MAIN, node24, ROOT, until } from "../support/processes.ts";
import { haveRedisServer, RedisServer } from "../support/redis.ts";

if (!haveRedisServer) {
  const say = "redis-server is not installed: the --queue tests cannot run (apt-get install redis-server)";
  // In CI a missing redis-server is a broken setup, not a reason to skip.
  if (process.env.CI === "true") throw new Error(say);
  console.warn(`\n!!! SKIPPED: ${say}\n`);
}

/** Workers give a dead worker's job away after this long. */
const LOCK_S = "2";

class Workers {
  private readonly procs: ChildProcess[] = [];
  private readonly url: string;
  constructor(url: string) {
    this.url = url;
  }

  /** Starts one and resolves when it takes jobs. */
  async add(): Promise<ChildProcess> {
    const args = [MAIN, "worker", "--queue", this.url, "--concurrency", "1", "--lock-seconds", LOCK_S];
    const p = spawn(node24(), args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    this.procs.push(p);
    let err = "";
    p.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      p.stderr!.on("data", () => err.includes("taking jobs") && resolve());
      p.on("exit", (code) => reject(new Error(`worker exited ${code}: ${err}`)));
    });
    return p;
  }

  async stopAll(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const live = this.procs.filter((p) => p.exitCode === null && p.signalCode === null);
    const gone = live.map((p) => new Promise((resolve) => p.on("exit", resolve)));
    for (const p of live) p.kill(signal);
    await Promise.all(gone);
    this.procs.length = 0;
  }
}

/** The command's output without the wall-clock timing, which no two runs share. */
function untimed(text: string): string {
  return text
    .replace(/ in [\d.]+ s \(\d+\/s\)/g, "")
    .replace(/ after [\d.]+ s/g, "")
    .replace(/"(wall_s|first_violation_s)": ([\d.e+-]+|null)/g, "");
}

describe.skipIf(!haveRedisServer)("--queue over BullMQ", () => {
  let redis: RedisServer;
  let workers: Workers;
  let client: Redis;

  beforeAll(async () => {
    redis = await RedisServer.start();
    workers = new Workers(redis.url);
    client = new Redis(redis.port, "127.0.0.1", { maxRetriesPerRequest: null });
    client.on("error", () => {}); // Redis is killed on purpose below
  });

  afterAll(async () => {
    await workers?.stopAll();
    client?.disconnect();
    await redis?.stop();
  });

  const queued = (argv: string[]) => pinsim([...argv, "--queue", redis.url]);

  it("compare (text and JSON), a sweep and check pct are byte-identical to the local run; a repeat reuses every stored result", async () => {
    await Promise.all([workers.add(), workers.add()]);
    const commands = [
      ["compare", "pkvm-mlock-onfault", "--kernels", "v6.15,v6.17", "--runs", "120", "--seed", "3"],
      ["compare", "pkvm-mlock-onfault", "--kernels", "v6.15,v6.17", "--runs", "120", "--seed", "3", "--json"],
      [
        "run",
        "gpu-transient-refs",
        "--kernel",
        "v6.18,v6.18+hubbard-wait",
        "--vary",
        "gpu.hold=1us,1ms",
        "--runs",
        "30",
      ],
      ["check", "lru-traffic-race", "--kernel", "v6.15", "--strategy", "pct", "--max-executions", "600"],
      [
        "check",
        "gpu-transient-refs",
        "--kernel",
        "v6.18",
        "--strategy",
        "random",
        "--max-executions",
        "300",
        "--json",
      ],
    ];
    const local = [];
    for (const argv of commands) local.push(await pinsim(argv));
    for (const [i, argv] of commands.entries()) {
      const q = await queued(argv);
      expect(q.err).toBe("");
      expect(q.code, argv.join(" ")).toBe(local[i]!.code);
      expect(untimed(q.out), argv.join(" ")).toBe(untimed(local[i]!.out));
    }
    // No worker left: the same commands can only finish from the results Redis keeps.
    await workers.stopAll();
    for (const [i, argv] of commands.entries())
      expect(untimed((await queued(argv)).out)).toBe(untimed(local[i]!.out));
  });

  it("two commands sharing the queue at once each get their own answer", async () => {
    await Promise.all([workers.add(), workers.add()]);
    const a = ["run", "pkvm-mlock-onfault", "--runs", "150", "--seed", "100", "--json"];
    const b = ["run", "pkvm-mlock-onfault", "--runs", "150", "--seed", "900", "--json"];
    const [qa, qb] = await Promise.all([queued(a), queued(b)]);
    expect(qa.out).toBe((await pinsim(a)).out);
    expect(qb.out).toBe((await pinsim(b)).out);
    expect(qa.out).not.toBe(qb.out);
    await workers.stopAll();
  });

  it("a worker SIGKILLed mid-job: its job runs again on another worker, and the answer is the clean run's", async () => {
    const argv = ["run", "gup-reader-contention", "--runs", "300", "--seed", "77", "--json"];
    const first = await workers.add();
    const command = queued(argv);
    await waitFor(async () => (await client.keys("pinsim:p:*")).length > 0); // it holds a job, part done
    first.kill("SIGKILL");
    await workers.add();
    const q = await command;
    expect(q.code).toBe((await pinsim(argv)).code);
    expect(q.out).toBe((await pinsim(argv)).out);
    await workers.stopAll();
  });

  it("worker --concurrency 2 replaces a child that dies, keeps taking jobs, and ends with its children on SIGTERM", async () => {
    const args = [MAIN, "worker", "--queue", redis.url, "--concurrency", "2", "--lock-seconds", LOCK_S];
    const parent = spawn(node24(), args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    parent.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const taking = () => [...err.matchAll(/pinsim worker (\d+): taking jobs/g)].map((m) => Number(m[1]));
    await until(() => taking().length === 2);
    const victim = taking()[0]!;
    process.kill(victim, "SIGKILL");
    await until(() => taking().length === 3);
    expect(err).toContain(`worker process ${victim} ended (signal SIGKILL); starting another`);
    const kids = childrenOf(parent.pid!);
    expect(kids).toHaveLength(2);
    expect(kids).not.toContain(victim);
    const argv = ["run", "pkvm-mlock-onfault", "--runs", "120", "--seed", "41", "--json"];
    expect((await queued(argv)).out).toBe((await pinsim(argv)).out);
    const ended = new Promise((resolve) => parent.on("exit", resolve));
    parent.kill("SIGTERM");
    expect(await ended).toBe(0);
    expect(err.split("starting another")).toHaveLength(2); // stopping is not dying
    for (const k of kids) expect(isAlive(k)).toBe(false);
  });

  it("Redis killed and restarted empty mid-sweep: the command re-adds what was lost and gives the clean answer", async () => {
    await client.flushall(); // so that the results waited for below are this command's
    await Promise.all([workers.add(), workers.add()]);
    const argv = [
      "run",
      "gpu-transient-refs",
      "--kernel",
      "v6.18,v6.17",
      "--vary",
      "gpu.hold=10us,100us,1ms",
      "--runs",
      "60",
      "--seed",
      "5",
    ];
    const command = queued(argv);
    await waitFor(async () => (await client.keys("pinsim:r:*")).length > 0);
    await redis.down();
    await redis.up();
    const q = await command;
    expect(q.err).toBe("");
    expect(q.code).toBe(1);
    expect(q.out).toBe((await pinsim(argv)).out);
    await workers.stopAll();
  });

  it("Redis gone for good: exit 75 with a message saying the command resumes, never a partial answer", async () => {
    await workers.add();
    process.env.PINSIM_QUEUE_RECONNECT_S = "1";
    try {
      const command = queued(["run", "pkvm-mlock-onfault", "--runs", "400", "--seed", "31"]);
      await waitFor(async () => (await client.keys("pinsim:p:*")).length > 0);
      await redis.down();
      const q = await command;
      expect(q.code).toBe(75);
      expect(q.out).toBe("");
      expect(q.err).toMatch(
        /lost the queue's Redis at redis:\/\/127\.0\.0\.1:\d+ .*the same command, run again, reuses them/s,
      );
    } finally {
      delete process.env.PINSIM_QUEUE_RECONNECT_S;
      await workers.stopAll("SIGKILL");
      await redis.up();
    }
  });

  it("a bad job (a scenario that fails the worker's check) fails once, with the worker's reason, and is not retried", async () => {
    await workers.add();
    const runner = await QueueRunner.open(redis.url);
    const key = "pinsim:r:test:fold:bad";
    const job = { kind: "fold", key, payload: { scenario: { name: "broken" }, config: {} }, size: 1 };
    const e = await runner.run([job]).catch((x: unknown) => x);
    await runner.close();
    expect(e).toBeInstanceOf(QueueJobError);
    expect((e as Error).message).toMatch(
      /fold job failed on a worker \(not retried\): not a fold job: scenario "broken" has no tasks/,
    );
    expect(isInputError(e)).toBe(true); // the command exits 2
    expect(await client.exists(key)).toBe(0); // no result stored
    expect(await client.exists(`bull:pinsim:${jobIdOf(key)}`)).toBe(0); // and the job is gone, not waiting for a retry
    await workers.stopAll();
  });
});

/** Polls Redis until `cond` (the test's timeout bounds it). */
async function waitFor(cond: () => Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 50));
}
