// The job kinds a `pinsim worker` runs: experiment folds (lab) and randomized check ranges
// (check). A new kind of queued work adds its handler here.

import { CHECK_RANGE_HANDLER } from "../check/queue_jobs.ts";
import { FOLD_HANDLER } from "../lab/compare/queue_jobs.ts";
import type { JobHandler } from "../queue/job.ts";

export const WORKER_HANDLERS: readonly JobHandler[] = [FOLD_HANDLER, CHECK_RANGE_HANDLER];
