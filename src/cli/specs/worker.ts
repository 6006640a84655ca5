// `pinsim worker`: what it accepts and its --help (cli/commands/worker.ts runs it).

import type { CommandSpec } from "../args.ts";
import { QUEUE_OPTION } from "./queue_option.ts";

const DEFAULT_LOCK_S = 30;

export const WORKER_SPEC: CommandSpec = {
  name: "worker",
  summary: "Take jobs from a --queue (run, compare, sweeps, pct/random checks) and run them, until stopped.",
  positionals: [],
  options: [
    { ...QUEUE_OPTION, help: "the BullMQ queue on Redis to take jobs from (required)" },
    {
      name: "concurrency",
      type: "int",
      min: 1,
      max: 256,
      valueName: "N",
      help: "jobs at once, each in its own process (default: one per core)",
    },
    {
      name: "lock-seconds",
      type: "number",
      min: 0.1,
      max: 3600,
      default: DEFAULT_LOCK_S,
      valueName: "SECONDS",
      help: "how long a job stays with a worker that stopped answering (killed, cut off) before another takes it",
    },
  ],
  examples: [
    "pinsim worker --queue redis://queue.lab:6379",
    "pinsim worker --queue redis://127.0.0.1:6379/2 --concurrency 4",
  ],
  exitCodes: [
    "0 stopped by SIGTERM or SIGINT after finishing the job in hand",
    "2 bad input: --queue is malformed or no Redis answers there",
  ],
};
