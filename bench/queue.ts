// queue-10k: 10,000 runs of pkvm-mlock-onfault on each of v6.15 and v6.17, in-process (one
// thread) and through the BullMQ queue (--queue) with two local `pinsim worker` processes, on a
// redis-server of its own. Overhead = the CPU time the queue spends (submitter + workers) over
// the in-process CPU time, minus 1; target <= 15%. Two worker threads (the local way to use two
// cores) are recorded beside them, and wall times for all three (on a machine that may be
// shared, wall time says little). Skipped, with a message, without redis-server.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { compareKernels } from "../src/lab/compare/compare.ts";
import { queueSpread } from "../src/lab/compare/queue_jobs.ts";
import { QueueRunner } from "../src/queue/runner.ts";
import { loadScenario } from "../src/scenarios/index.ts";
import { resolveKernel } from "../src/versions/resolve.ts";
import { MAIN, node24, ROOT } from "../test/support/processes.ts";
import { haveRedisServer, RedisServer } from "../test/support/redis.ts";

const RUNS = 10_000;
const KERNELS = ["v6.15", "v6.17"];
const SCENARIO = "pkvm-mlock-onfault";
const CLK_TCK = 100; // /proc/<pid>/stat ticks per second on Linux

export interface QueueBenchRecord {
  name: "queue-10k";
  kernel: string;
  runs: number;
  wall_s: number;
  steps_per_s: null;
  bytes_per_folio: null;
  in_process_wall_s: number;
  in_process_cpu_s: number;
  /** The same on two worker threads (--workers 2): the local way to use two cores. */
  threads_wall_s: number;
  threads_cpu_s: number;
  queue_wall_s: number;
  queue_cpu_s: number;
  queue_submitter_cpu_s: number;
  queue_workers: number;
  /** queue_cpu_s / in_process_cpu_s - 1 */
  cpu_overhead: number;
  identical: boolean;
}

export async function benchQueue(): Promise<QueueBenchRecord[]> {
  if (!haveRedisServer) {
    process.stderr.write("bench queue-10k: SKIPPED, redis-server is not installed\n");
    return [];
  }
  const scenario = loadScenario(SCENARIO);
  const configs = KERNELS.map(resolveKernel);
  const opts = { runs: RUNS, seed: 1, workers: 1 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const local = await compareKernels(scenario, configs, opts);
  const in_process_wall_s = (performance.now() - t0) / 1000;
  const in_process_cpu_s = cpuSeconds(process.cpuUsage(cpu0));
  const cpu2 = process.cpuUsage();
  const t2 = performance.now();
  const threaded = await compareKernels(scenario, configs, { ...opts, workers: 2 });
  const threads_wall_s = (performance.now() - t2) / 1000;
  const threads_cpu_s = cpuSeconds(process.cpuUsage(cpu2));

  const redis = await RedisServer.start();
  const workers = await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
  try {
    const runner = await QueueRunner.open(redis.url);
    const before = workers.map(procCpu_s);
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    const queued = await compareKernels(scenario, configs, { ...opts, spread: queueSpread(runner) });
    const queue_wall_s = (performance.now() - t1) / 1000;
    const queue_submitter_cpu_s = cpuSeconds(process.cpuUsage(cpu1));
    const queue_cpu_s = queue_submitter_cpu_s + workers.reduce((s, w, i) => s + procCpu_s(w) - before[i]!, 0);
    await runner.close();
    return [
      {
        name: "queue-10k",
        kernel: KERNELS.join(","),
        runs: RUNS * KERNELS.length,
        wall_s: queue_wall_s,
        steps_per_s: null,
        bytes_per_folio: null,
        in_process_wall_s,
        in_process_cpu_s,
        threads_wall_s,
        threads_cpu_s,
        queue_wall_s,
        queue_cpu_s,
        queue_submitter_cpu_s,
        queue_workers: workers.length,
        cpu_overhead: queue_cpu_s / in_process_cpu_s - 1,
        identical:
          JSON.stringify(local) === JSON.stringify(queued) &&
          JSON.stringify(local) === JSON.stringify(threaded),
      },
    ];
  } finally {
    for (const w of workers) w.kill("SIGKILL");
    await redis.stop();
  }
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

/** User + system CPU of a child so far, from /proc. */
function procCpu_s(p: ChildProcess): number {
  const stat = readFileSync(`/proc/${p.pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime (fields 14, 15)
}

async function startWorker(url: string): Promise<ChildProcess> {
  const args = [MAIN, "worker", "--queue", url, "--concurrency", "1"];
  const p = spawn(node24(), args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  await new Promise<void>((resolve, reject) => {
    p.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("taking jobs")) resolve();
    });
    p.on("exit", (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
  return p;
}

if (import.meta.main) console.log(JSON.stringify(await benchQueue(), null, 2));
