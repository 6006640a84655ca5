// pinsim's entry point: dispatch to a command, map errors to exit codes. Bad input of any kind
// (arguments, scenario files, kernel names, plugin modules) exits 2 with a message naming it.

import { ModelInvariantError } from "../lab/run/run.ts";
import { pinsimVersion } from "../report/json.ts";
import { modelInvariantText } from "../report/text/invariant_error.ts";
import { didYouMean } from "../versions/suggest.ts";
import { entry, helpText, type Parsed, parseArgs, UsageError } from "./args.ts";
import type { ExitCode, Io } from "./command.ts";
import { MODEL_INVARIANT_EXIT } from "./commands/invariant_option.ts";
import { isInputError } from "./input_error.ts";
import { COMMANDS } from "./registry.ts";

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(topHelp());
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.out(`pinsim ${pinsimVersion()}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.spec.name === name);
  if (cmd === undefined) {
    const names = COMMANDS.map((c) => c.spec.name);
    io.err(`pinsim: unknown command "${name}"${didYouMean(name, names)}; commands: ${names.join(", ")}\n`);
    io.err("  pinsim --help lists them with what each does\n");
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(helpText(cmd.spec));
    return 0;
  }
  let args: Parsed | undefined;
  try {
    args = parseArgs(cmd.spec, rest);
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof ModelInvariantError) {
      const without = args?.options.without as string | undefined;
      io.err(modelInvariantText(name, e, args?.positionals[0] ?? e.scenario, without));
      return MODEL_INVARIANT_EXIT;
    }
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

/** The order `pinsim --help` lists commands in: the way a user meets them. */
const HELP_ORDER = ["scenarios", "versions", "run", "compare", "explain", "check", "replay", "trace"];

function topHelp(): string {
  const ordered = [...COMMANDS].sort(
    (a, b) => HELP_ORDER.indexOf(a.spec.name) - HELP_ORDER.indexOf(b.spec.name),
  );
  const lines = [
    "pinsim: a deterministic simulator and model checker of the Linux longterm page-pinning path",
    "",
    "usage: pinsim <command> [arguments] [options]   (pinsim <command> --help for its options)",
    "",
    "commands:",
    ...ordered.flatMap((c) => entry(c.spec.name, c.spec.summary, 14)),
    "",
    ...entry("--version", "print pinsim's version", 14),
    ...entry("--help", "this text", 14),
    "",
    "examples:",
    "  pinsim scenarios",
    "  pinsim compare pkvm-mlock-onfault --kernels v6.15,v6.17,mm-2026 --runs 1000",
    "  pinsim explain pkvm-mlock-onfault --kernel v6.15 --seed 4 --vs v6.17",
    "  pinsim check pkvm-mlock-onfault --kernel v6.15 --folios 1",
    "",
    "exit status: 0 ok; 1 a property the scenario checks was violated; 2 bad input (the message says",
    "what is wrong and what is valid); 3 a check that explored without proving (pinsim check); 4 a pinsim",
    "model invariant was violated (a pinsim bug: the message gives the line that replays it)",
  ];
  return `${lines.join("\n")}\n`;
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
