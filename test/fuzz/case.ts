// One fuzz case: a scenario file through `pinsim run` in this process, classified by how it ended.
// The caller (a child process of run.ts) is what catches hangs and runaway memory.

import { main } from "../../src/cli/cli.ts";
import { COMMANDS } from "../../src/cli/registry.ts";
import { fakeIo } from "../support/cli.ts";

export type CaseClass = "clean-error" | "ran" | "crash" | "hang";

export interface CaseResult {
  readonly class: CaseClass;
  readonly code: number | null;
  /** The first line of stderr (clean errors) or of the stack (crashes), shortened. */
  readonly message: string;
  /** A clean error that names FILE:LINE:COL. */
  readonly positioned: boolean;
}

/** Work limit passed to `run` when this pinsim has one, so every run stays short. */
const SHORT_RUN_STEPS = "2000000";

function limitArgs(): string[] {
  const run = COMMANDS.find((c) => c.spec.name === "run")!;
  return run.spec.options.some((o) => o.name === "max-steps") ? ["--max-steps", SHORT_RUN_STEPS] : [];
}

export async function runCase(file: string): Promise<CaseResult> {
  const io = fakeIo(false);
  try {
    const code = await main(["run", file, "--quiet", "--json", ...limitArgs()], io);
    const message = shorten(io.stderr.split("\n")[0] ?? "");
    if (code === 2 && message !== "") {
      return { class: "clean-error", code, message, positioned: /:\d+:\d+: /.test(message) };
    }
    if (code === 0 || code === 1) return { class: "ran", code, message: "", positioned: false };
    return { class: "crash", code, message: `exit ${code} with stderr "${message}"`, positioned: false };
  } catch (e) {
    const text = e instanceof Error ? `${e.name}: ${e.message} @ ${firstFrame(e)}` : String(e);
    return { class: "crash", code: 70, message: shorten(text), positioned: false };
  }
}

function firstFrame(e: Error): string {
  const line = (e.stack ?? "").split("\n").find((l) => l.trim().startsWith("at "));
  return (
    line
      ?.trim()
      .replace(/^at /, "")
      .replace(/file:\/\/\S*\/src\//, "src/") ?? "?"
  );
}

function shorten(s: string): string {
  return s.length > 300 ? `${s.slice(0, 300)}...` : s;
}
