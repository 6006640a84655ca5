// Every pinsim command, by name. Add a command: write specs/<name>.ts (what it accepts) and
// commands/<name>.ts (what it does), add one line here. Only the specs load at start-up: a
// command's code (and the simulator, checker or chart libraries behind it) is imported when that
// command runs, so `pinsim --help` or `pinsim versions` never pays for the rest.

import type { CommandSpec } from "./args.ts";
import type { Command } from "./command.ts";
import { CHECK_SPEC } from "./specs/check.ts";
import { COMPARE_SPEC } from "./specs/compare.ts";
import { EXPLAIN_SPEC } from "./specs/explain.ts";
import { REPLAY_SPEC } from "./specs/replay.ts";
import { REPORT_SPEC } from "./specs/report.ts";
import { RUN_SPEC } from "./specs/run.ts";
import { SCENARIOS_SPEC } from "./specs/scenarios.ts";
import { SERVE_SPEC } from "./specs/serve.ts";
import { TRACE_SPEC } from "./specs/trace.ts";
import { VALIDATE_SPEC } from "./specs/validate.ts";
import { VERSIONS_SPEC } from "./specs/versions.ts";
import { WORKER_SPEC } from "./specs/worker.ts";

export interface CommandEntry {
  readonly spec: CommandSpec;
  /** Imports the command's code. */
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { spec: TRACE_SPEC, load: async () => (await import("./commands/trace.ts")).traceCommand },
  { spec: VERSIONS_SPEC, load: async () => (await import("./commands/versions.ts")).versionsCommand },
  { spec: RUN_SPEC, load: async () => (await import("./commands/run.ts")).runCommand },
  { spec: COMPARE_SPEC, load: async () => (await import("./commands/compare.ts")).compareCommand },
  { spec: EXPLAIN_SPEC, load: async () => (await import("./commands/explain.ts")).explainCommand },
  { spec: SCENARIOS_SPEC, load: async () => (await import("./commands/scenarios.ts")).scenariosCommand },
  { spec: CHECK_SPEC, load: async () => (await import("./commands/check.ts")).checkCommand },
  { spec: REPLAY_SPEC, load: async () => (await import("./commands/replay.ts")).replayCommand },
  { spec: VALIDATE_SPEC, load: async () => (await import("./commands/validate.ts")).validateCommand },
  { spec: SERVE_SPEC, load: async () => (await import("./commands/serve.ts")).serveCommand },
  { spec: REPORT_SPEC, load: async () => (await import("./commands/report.ts")).reportCommand },
  { spec: WORKER_SPEC, load: async () => (await import("./commands/worker.ts")).workerCommand },
];
