// pinsim's entry point: dispatch to a command, map errors to exit codes. Bad input of any kind
// (arguments, scenario files, kernel names, replay tokens, output paths, a scenario too big to
// run) exits 2 with a message naming it; EXIT_CODES is the whole list.

import { readFileSync } from "node:fs";
import { helpText, parseArgs, UsageError } from "./args.ts";
import type { ExitCode, Io } from "./command.ts";
import { isInputError } from "./input_error.ts";
import { OutputWriteError } from "./output_file.ts";
import { COMMANDS } from "./registry.ts";

/** Every exit status pinsim can end with, as `pinsim --help` and the README list them. */
export const EXIT_CODES: readonly (readonly [code: string, meaning: string])[] = [
  ["0", "done; every checked property held"],
  ["1", "a property was violated (run, compare, check, replay)"],
  ["2", "bad input: arguments, scenario file, kernel, replay token, output path, or over a limit"],
  ["70", "internal error: a bug in pinsim (please report it with the command)"],
  ["74", "an output could not be written (disk full, I/O error), on a file or on stdout"],
  ["128+n", "killed by signal n: 130 Ctrl-C, 137 SIGKILL (e.g. the OOM killer), 143 SIGTERM,"],
  ["", "141 the reader of stdout went away (SIGPIPE, EPIPE)"],
];

/** Longest an input error message may be: each line is clipped past this. */
const MAX_MESSAGE_LINE = 2000;

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(topHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    io.out(`pinsim ${version()}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.spec.name === name);
  if (cmd === undefined) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}...` : name;
    io.err(`pinsim: unknown command "${shown}"; commands: ${COMMANDS.map((c) => c.spec.name).join(", ")}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(helpText(cmd.spec));
    return 0;
  }
  try {
    return await cmd.run(parseArgs(cmd.spec, rest), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`pinsim ${name}: ${e.message}\n${e.usage}\n`);
      return 2;
    }
    if (isInputError(e)) {
      io.err(`pinsim ${name}: ${clipLines((e as Error).message)}\n`);
      return 2;
    }
    if (e instanceof OutputWriteError) {
      io.err(`pinsim ${name}: ${e.message}\n`);
      return 74;
    }
    throw e;
  }
}

/** A last guard for messages built elsewhere from what the user typed (a 50 KB kernel name). */
function clipLines(message: string): string {
  return message
    .split("\n")
    .map((l) => (l.length <= MAX_MESSAGE_LINE ? l : `${l.slice(0, MAX_MESSAGE_LINE)}... (cut)`))
    .join("\n");
}

function topHelp(): string {
  const lines = ["usage: pinsim <command> [options]   (pinsim <command> --help for more)", "", "commands:"];
  for (const c of COMMANDS) lines.push(`  ${c.spec.name.padEnd(11)} ${c.spec.summary}`);
  lines.push("", "  --version   print the version", "", "exit codes:");
  for (const [code, meaning] of EXIT_CODES) lines.push(`  ${code.padEnd(6)} ${meaning}`);
  return `${lines.join("\n")}\n`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** Exit status of a process that writes to a pipe whose reader has gone: as if killed by SIGPIPE. */
const EXIT_BROKEN_PIPE = 141;

/** Runs pinsim as a process: real stdout/stderr, exit code on the process. */
export function runCli(argv: readonly string[]): void {
  let outError: NodeJS.ErrnoException | null = null;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    // A reader that stops early (`pinsim trace ... | head`): stop quietly, as SIGPIPE would.
    if (e.code === "EPIPE") process.exit(EXIT_BROKEN_PIPE);
    outError ??= e;
  });
  const io: Io = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    errIsTty: process.stderr.isTTY === true,
  };
  main(argv, io)
    .then(async (code) => {
      await flushed(process.stdout);
      if (outError === null) return code;
      process.stderr.write(`pinsim: writing to standard output failed: ${outError.message}\n`);
      return 74;
    })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(
          `pinsim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
        );
        process.exitCode = 70;
      },
    );
}

/** Resolves once everything written so far has reached the file or pipe (or failed to). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

if (import.meta.main) runCli(process.argv.slice(2));
