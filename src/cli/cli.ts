// pinsim's command line: dispatch to a command, map errors to exit codes. Bad input of any kind
// (arguments, scenario files, kernel names, replay tokens, output paths, a scenario too big to
// run) exits 2 with a message naming it; EXIT_CODES is the whole list. main.ts starts it.
// Everything beyond the command specs is imported when needed (registry.ts says why).

import { didYouMean } from "../versions/suggest.ts";
import { entry, helpText, type Parsed, parseArgs, UsageError } from "./args.ts";
import type { ExitCode, Io } from "./command.ts";
import { MODEL_INVARIANT_EXIT } from "./commands/invariant_option.ts";
import { COMMANDS } from "./registry.ts";

/** Every exit status pinsim can end with, as `pinsim --help` and the README list them. */
export const EXIT_CODES: readonly (readonly [code: string, meaning: string])[] = [
  ["0", "done; every checked property held"],
  ["1", "a property was violated (run, compare, check, replay)"],
  ["2", "bad input: arguments, scenario file, kernel, replay token, output path, or over a limit"],
  ["3", "check only: no violation found, but the exploration was bounded or cut short (not a proof)"],
  ["4", "a pinsim model invariant was violated: a pinsim bug, please report it with the printed replay line"],
  ["70", "internal error: a bug in pinsim (please report it with the command)"],
  ["74", "an output could not be written (disk full, I/O error), on a file or on stdout"],
  [
    "75",
    "--queue: Redis went away mid-command and did not come back in time; run the command again to resume",
  ],
  ["128+n", "killed by signal n: 130 Ctrl-C, 137 SIGKILL (e.g. the OOM killer), 143 SIGTERM,"],
  ["", "141 the reader of stdout went away (SIGPIPE, EPIPE)"],
];

/** Longest an input error message may be: each line is clipped past this. */
const MAX_MESSAGE_LINE = 2000;

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(topHelp());
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    const { pinsimVersion } = await import("../report/json.ts"); // package.json: only here
    io.out(`pinsim ${pinsimVersion()}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.spec.name === name);
  if (cmd === undefined) {
    const names = COMMANDS.map((c) => c.spec.name);
    const shown = name.length > 40 ? `${name.slice(0, 40)}...` : name;
    io.err(`pinsim: unknown command "${shown}"${didYouMean(name, names)}; commands: ${names.join(", ")}\n`);
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
    const module = args.options["patch-module"];
    if (typeof module === "string") await (await import("./patch_module.ts")).loadPatchModule(module);
    return await (await cmd.load()).run(args, io);
  } catch (e) {
    return failure(name, args, e, io);
  }
}

/** The exit code (and message) of a command that threw; rethrows what is a pinsim bug. */
async function failure(name: string, args: Parsed | undefined, e: unknown, io: Io): Promise<ExitCode> {
  if (e instanceof UsageError) {
    io.err(`pinsim ${name}: ${e.message}\n${e.usage}\n`);
    return 2;
  }
  // Loaded only now: most of them are loaded by the command already, none is needed to start.
  const [
    { ModelInvariantError },
    { isInputError },
    { OutputWriteError },
    { QUEUE_LOST_EXIT, QueueLostError },
  ] = await Promise.all([
    import("../lab/run/run.ts"),
    import("./input_error.ts"),
    import("./output_file.ts"),
    import("../queue/job.ts"),
  ]);
  if (e instanceof ModelInvariantError) {
    const { modelInvariantText } = await import("../report/text/invariant_error.ts");
    const without = args?.options.without as string | undefined;
    const module = args?.options["patch-module"] as string | undefined;
    io.err(modelInvariantText(name, e, args?.positionals[0] ?? e.scenario, without, module));
    return MODEL_INVARIANT_EXIT;
  }
  if (isInputError(e)) {
    io.err(`pinsim ${name}: ${clipLines((e as Error).message)}\n`);
    return 2;
  }
  if (e instanceof QueueLostError) {
    io.err(`pinsim ${name}: ${e.message}\n`);
    return QUEUE_LOST_EXIT;
  }
  if (e instanceof OutputWriteError) {
    io.err(`pinsim ${name}: ${e.message}\n`);
    return 74;
  }
  throw e;
}

/** The order `pinsim --help` lists commands in: the way a user meets them. */
const HELP_ORDER = [
  "scenarios",
  "versions",
  "run",
  "compare",
  "explain",
  "check",
  "replay",
  "trace",
  "validate",
  "report",
  "serve",
  "worker",
];

/** A last guard for messages built elsewhere from what the user typed (a 50 KB kernel name). */
function clipLines(message: string): string {
  return message
    .split("\n")
    .map((l) => (l.length <= MAX_MESSAGE_LINE ? l : `${l.slice(0, MAX_MESSAGE_LINE)}... (cut)`))
    .join("\n");
}

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
    "exit codes:",
    ...EXIT_CODES.map(([code, meaning]) => `  ${code.padEnd(6)} ${meaning}`),
  ];
  return `${lines.join("\n")}\n`;
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
