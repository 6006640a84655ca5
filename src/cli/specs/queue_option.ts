// The --queue option as the specs show it (cli/queue_option.ts opens the queue, lazily).

import { QUEUE_LOST_EXIT } from "../../queue/job.ts";
import type { OptionSpec } from "../args.ts";

export const QUEUE_OPTION: OptionSpec = {
  name: "queue",
  type: "string",
  valueName: "redis://HOST:PORT[/DB]",
  help:
    "run the work as jobs on this BullMQ queue, for `pinsim worker` processes on any machine; the output is the " +
    "same as without it, and finished jobs are kept in Redis and reused by a repeated command (docs/queue.md)",
};

export const QUEUE_EXIT_TEXT = `${QUEUE_LOST_EXIT} --queue: Redis went away mid-command and did not come back in time; the same command resumes`;
