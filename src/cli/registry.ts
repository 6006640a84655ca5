// Every pinsim command, by name. Add a command: write commands/<name>.ts, add one line here.

import type { Command } from "./command.ts";
import { checkCommand } from "./commands/check.ts";
import { compareCommand } from "./commands/compare.ts";
import { explainCommand } from "./commands/explain.ts";
import { replayCommand } from "./commands/replay.ts";
import { reportCommand } from "./commands/report.ts";
import { runCommand } from "./commands/run.ts";
import { scenariosCommand } from "./commands/scenarios.ts";
import { serveCommand } from "./commands/serve.ts";
import { traceCommand } from "./commands/trace.ts";
import { validateCommand } from "./commands/validate.ts";
import { versionsCommand } from "./commands/versions.ts";

export const COMMANDS: readonly Command[] = [
  traceCommand,
  versionsCommand,
  runCommand,
  compareCommand,
  explainCommand,
  scenariosCommand,
  checkCommand,
  replayCommand,
  validateCommand,
  serveCommand,
  reportCommand,
];
