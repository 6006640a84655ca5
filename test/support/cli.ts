// Running pinsim commands in-process for tests, capturing stdout and stderr.

import { main } from "../../src/cli/cli.ts";
import type { ExitCode, Io } from "../../src/cli/command.ts";

export function fakeIo(errIsTty = false): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    errIsTty,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

export async function pinsim(
  argv: string[],
  errIsTty = false,
): Promise<{ code: ExitCode; out: string; err: string }> {
  const io = fakeIo(errIsTty);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}
