// `pinsim worker --queue URL`: take jobs from the queue of run, compare, sweeps and randomized
// checks given --queue, run them, store the results. One process per job at a time; with
// --concurrency N (default: one per core) it starts N such processes, replaces any that dies,
// and waits for them.

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

/** A child that ends sooner than this after its start counts as failing at start-up. */
const QUICK_END_MS = 10_000;
/** Restarts after quick ends back off from this, doubling, up to RESTART_DELAY_MS_MAX. */
const RESTART_DELAY_MS = 500;
const RESTART_DELAY_MS_MAX = 30_000;

/**
 * One child per job slot. The parent relays stop signals and keeps every slot filled: a child
 * that ends while the parent is not stopping (crashed, or killed by the OOM killer) is replaced,
 * since its job would otherwise wait for a worker that never comes back. Only an input error
 * (exit 2: the queue itself is unusable) empties a slot for good. Children end with the parent.
 */
async function serveInChildren(url: string, n: number, args: Parsed, io: Io): Promise<ExitCode> {
  const { probeQueue } = await import("../../queue/redis.ts");
  await probeQueue(url); // one clear error, not one per child
  const lock = String(args.options["lock-seconds"]);
  const argv = ["worker", "--queue", url, "--concurrency", "1", "--lock-seconds", lock];
  const main = new URL("../main.ts", import.meta.url);
  const slots = new Slots(() => fork(main, argv, { stdio: ["ignore", "inherit", "inherit", "ipc"] }), io);
  void stopSignal().then(() => slots.stop());
  const codes = await Promise.all(Array.from({ length: n }, () => slots.serve()));
  io.err(`pinsim worker: ${n} worker processes ended\n`);
  return codes.includes(2) ? 2 : 0;
}

class Slots {
  private stopping = false;
  private readonly live = new Set<ChildProcess>();
  private readonly pauses = new Set<() => void>();
  private readonly start: () => ChildProcess;
  private readonly io: Io;
  constructor(start: () => ChildProcess, io: Io) {
    this.start = start;
    this.io = io;
  }

  stop(): void {
    this.stopping = true;
    for (const c of this.live) c.kill("SIGTERM");
    for (const wake of this.pauses) wake();
  }

  /** Runs children in one slot until the parent stops; resolves to the last child's exit code. */
  async serve(): Promise<number> {
    let quick_ends = 0;
    for (;;) {
      const started_ms = Date.now();
      const child = this.start();
      this.live.add(child);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.on("exit", (c, s) => resolve([c, s])),
      );
      this.live.delete(child);
      if (this.stopping) return code ?? 0;
      if (code === 2) return 2; // a new child would meet the same unusable queue
      const how = signal === null ? `exit ${code}` : `signal ${signal}`;
      this.io.err(`pinsim worker: worker process ${child.pid} ended (${how}); starting another\n`);
      quick_ends = Date.now() - started_ms < QUICK_END_MS ? quick_ends + 1 : 0;
      if (quick_ends > 0) await this.pause(restartDelayMs(quick_ends));
      if (this.stopping) return code ?? 0;
    }
  }

  /** Waits, or less when the parent is told to stop meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pauses.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pauses.add(wake);
    });
  }
}

/** The wait before restarting a slot whose children ended quickly `quick_ends` times in a row. */
export function restartDelayMs(quick_ends: number): number {
  return Math.min(RESTART_DELAY_MS_MAX, RESTART_DELAY_MS * 2 ** (quick_ends - 1));
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
