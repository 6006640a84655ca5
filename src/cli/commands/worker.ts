// `pinsim worker --queue URL`: take jobs from the queue of run, compare, sweeps and randomized
// checks given --queue, run them, store the results. One process per job at a time; with
// --concurrency N (default: one per core) it starts N such processes and waits for them.

import { type ChildProcess, fork } from "node:child_process";
import { availableParallelism } from "node:os";
import type { Parsed } from "../args.ts";
import type { Command, ExitCode, Io } from "../command.ts";
import { WORKER_SPEC } from "../specs/worker.ts";

export const workerCommand: Command = {
  spec: WORKER_SPEC,
  async run(args, io) {
    const url = args.options.queue as string | undefined;
    if (url === undefined) {
      io.err("pinsim worker: --queue redis://HOST:PORT[/DB] is required\n");
      return 2;
    }
    const n = (args.options.concurrency as number | undefined) ?? availableParallelism();
    return n === 1 ? serveHere(url, args, io) : serveInChildren(url, n, args, io);
  },
};

async function serveHere(url: string, args: Parsed, io: Io): Promise<ExitCode> {
  const { serveQueue } = await import("../../queue/worker.ts");
  const { WORKER_HANDLERS } = await import("../queue_handlers.ts");
  const serving = await serveQueue(url, WORKER_HANDLERS, {
    lock_ms: (args.options["lock-seconds"] as number) * 1000,
    log: (line) => io.err(`pinsim worker ${process.pid}: ${line}\n`),
  });
  io.err(`pinsim worker ${process.pid}: taking jobs from ${url}\n`);
  await stopSignal();
  await serving.close();
  // BullMQ's connections may still be trying to reach a Redis that is gone: do not wait for them.
  setTimeout(() => process.exit(0), EXIT_DELAY_MS).unref();
  return 0;
}

const EXIT_DELAY_MS = 500;

/** One child per job slot; the parent only relays stop signals, and its children end with it. */
async function serveInChildren(url: string, n: number, args: Parsed, io: Io): Promise<ExitCode> {
  const { probeQueue } = await import("../../queue/redis.ts");
  await probeQueue(url); // one clear error, not one per child
  const lock = String(args.options["lock-seconds"]);
  const argv = ["worker", "--queue", url, "--concurrency", "1", "--lock-seconds", lock];
  const main = new URL("../main.ts", import.meta.url);
  const children: ChildProcess[] = [];
  const exits = Array.from({ length: n }, () => {
    const child = fork(main, argv, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.push(child);
    return new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  });
  void stopSignal().then(() => {
    for (const c of children) c.kill("SIGTERM");
  });
  const codes = await Promise.all(exits);
  io.err(`pinsim worker: ${n} worker processes ended\n`);
  return codes.includes(2) ? 2 : 0;
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    // A child of `worker --concurrency N` stops with its parent, however the parent ended.
    process.once("disconnect", stop);
  });
}
