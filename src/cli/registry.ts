// Every pinsim command, by name. Add a command: write commands/<name>.ts, add one line here.

import type { Command } from "./command.ts";
import { traceCommand } from "./commands/trace.ts";
import { versionsCommand } from "./commands/versions.ts";

export const COMMANDS: readonly Command[] = [traceCommand, versionsCommand];
