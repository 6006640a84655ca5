// What a pinsim command is: a spec (for parsing and --help) and a run function that returns the
// exit code. Commands write through `out`/`err` so tests can capture them.

import type { CommandSpec, Parsed } from "./args.ts";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stderr is an interactive terminal (progress bars only then). */
  readonly errIsTty: boolean;
}

/**
 * 0 ok, 1 a property violated, 2 bad input, 3 a check that found nothing but was cut short,
 * 4 a pinsim model invariant broke, 74 an output could not be written, 75 the --queue Redis went away.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 74 | 75;

export interface Command {
  readonly spec: CommandSpec;
  run(args: Parsed, io: Io): Promise<ExitCode> | ExitCode;
}
