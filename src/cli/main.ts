// pinsim's entry point: dispatch to a command, map errors to exit codes. Bad input of any kind
// (arguments, scenario files, kernel names, plugin modules) exits 2 with a message naming it.

import { readFileSync } from "node:fs";
import { helpText, parseArgs, UsageError } from "./args.ts";
import type { ExitCode, Io } from "./command.ts";
import { isInputError } from "./input_error.ts";
import { COMMANDS } from "./registry.ts";

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
    io.err(`pinsim: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.spec.name).join(", ")}\n`);
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
      io.err(`pinsim ${name}: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

function topHelp(): string {
  const lines = ["usage: pinsim <command> [options]   (pinsim <command> --help for more)", "", "commands:"];
  for (const c of COMMANDS) lines.push(`  ${c.spec.name.padEnd(11)} ${c.spec.summary}`);
  lines.push("", "  --version   print the version");
  return `${lines.join("\n")}\n`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** Runs pinsim as a process: real stdout/stderr, exit code on the process. */
export function runCli(argv: readonly string[]): void {
  // A reader that stops early (`pinsim trace ... | head`) is not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  const io: Io = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    errIsTty: process.stderr.isTTY === true,
  };
  main(argv, io).then(
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

if (import.meta.main) runCli(process.argv.slice(2));
