import { execFileSync, spawn } from "node:child_process";
import {
  closeSync,
  createReadStream,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exited, MAIN, node24, ROOT, runSnippet } from "../../test/support/processes.ts";
import { checkOutputPath, OutputPathError, OutputWriteError, writeOutputFile } from "./output_file.ts";

const dir = () => mkdtempSync(join(tmpdir(), "pinsim-output-"));

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the write to fail");
}

describe("writeOutputFile: regular files", () => {
  it("replaces the file whole, keeps its permissions, and leaves no temporary file", async () => {
    const d = dir();
    const f = join(d, "out.txt");
    writeFileSync(f, "old", { mode: 0o640 });
    const inode = statSync(f).ino;
    await writeOutputFile(f, "new contents", "-o");
    expect(readFileSync(f, "utf8")).toBe("new contents");
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(statSync(f).ino).not.toBe(inode); // a new file renamed into place, not rewritten
    expect(readdirSync(d)).toEqual(["out.txt"]);
  });

  it("never follows a symlink planted at a temporary name (the old OUT.tmp-<pid>)", async () => {
    const d = dir();
    const victim = join(d, "victim");
    writeFileSync(victim, "precious");
    const f = join(d, "out.txt");
    symlinkSync(victim, `${f}.tmp-${process.pid}`);
    await writeOutputFile(f, "data", "-o");
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(readFileSync(f, "utf8")).toBe("data");
  });

  it("resolves a symlink and replaces its target, leaving the link a link", async () => {
    const d = dir();
    mkdirSync(join(d, "real"));
    const target = join(d, "real", "t.json");
    writeFileSync(target, "old");
    const link = join(d, "link.json");
    symlinkSync(target, link);
    await writeOutputFile(link, "new", "-o");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(readdirSync(join(d, "real"))).toEqual(["t.json"]);
    const dangling = join(d, "dangling");
    symlinkSync(join(d, "real", "created.json"), dangling);
    await writeOutputFile(dangling, "made", "-o");
    expect(readFileSync(join(d, "real", "created.json"), "utf8")).toBe("made");
  });
});

describe("writeOutputFile: devices, FIFOs and descriptors are written through", () => {
  it("writes into a FIFO instead of replacing it", async () => {
    const fifo = join(dir(), "pipe");
    execFileSync("mkfifo", [fifo]);
    let read = "";
    const reader = createReadStream(fifo, "utf8").on("data", (c) => {
      read += c;
    });
    const closed = new Promise<void>((r) => reader.on("close", () => r()));
    await writeOutputFile(fifo, "through the pipe", "-o");
    await closed;
    expect(read).toBe("through the pipe");
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it("appends through /proc/self/fd/N (what /dev/stdout is), never truncating or replacing", async () => {
    const f = join(dir(), "log");
    writeFileSync(f, "earlier lines\n");
    const fd = openSync(f, "a");
    try {
      await writeOutputFile(`/proc/self/fd/${fd}`, "pinsim output\n", "-o");
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(f, "utf8")).toBe("earlier lines\npinsim output\n");
  });

  it("a full device is a write error (exit 74), and stays a device", async () => {
    const e = await rejection(writeOutputFile("/dev/full", "x".repeat(10_000), "-o"));
    expect(e).toBeInstanceOf(OutputWriteError);
    expect(e.message).toMatch(/^-o \/dev\/full: writing failed \(no space left on device \(ENOSPC\)\)/);
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });
});

describe("unusable paths are bad input, found before any work", () => {
  it("a missing directory, a directory, or a file used as a directory", () => {
    const d = dir();
    writeFileSync(join(d, "file"), "");
    mkdirSync(join(d, "dir.svg"));
    const cases: [string, RegExp][] = [
      [join(d, "missing", "out.txt"), /directory .*missing does not exist/],
      [join(d, "dir.svg"), /is a directory/],
      [join(d, "file", "out.txt"), /not a directory \(ENOTDIR\)/],
    ];
    for (const [path, message] of cases) {
      let err: unknown;
      try {
        checkOutputPath(path, "--plot");
      } catch (e) {
        err = e;
      }
      expect(err, path).toBeInstanceOf(OutputPathError);
      expect((err as Error).message, path).toMatch(message);
    }
    expect(readdirSync(d).sort()).toEqual(["dir.svg", "file"]);
  });

  it.skipIf(process.getuid?.() === 0)("a directory without write permission", () => {
    const d = dir();
    const ro = join(d, "ro");
    mkdirSync(ro, { mode: 0o555 });
    expect(() => checkOutputPath(join(ro, "x.txt"), "-o")).toThrow(/cannot write there: .*EACCES/);
  });

  it("pinsim exits 2 with a message for each, without running anything (no stack trace)", async () => {
    const d = dir();
    mkdirSync(join(d, "dir.svg"));
    for (const argv of [
      ["trace", "io-uring-register", "-o", join(d, "nope", "t.txt")],
      ["trace", "io-uring-register", "-o", d],
      ["compare", "io-uring-register", "--runs", "2", "--plot", join(d, "dir.svg")],
    ]) {
      const r = await exited(spawn(node24(), [MAIN, ...argv], { cwd: ROOT }));
      expect([argv, r.code]).toEqual([argv, 2]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
    }
  });
});

describe("signals and failing stdout", () => {
  it("a SIGTERM in the middle of a write removes the temporary file, keeps the old file, and kills", async () => {
    const d = dir();
    const f = join(d, "big.txt");
    writeFileSync(f, "old");
    const child = runSnippet(`
      import { readdirSync } from "node:fs";
      import { writeOutputFile } from ${JSON.stringify(join(ROOT, "src/cli/output_file.ts"))};
      const poll = setInterval(() => {
        if (readdirSync(${JSON.stringify(d)}).some((n) => n.endsWith(".tmp"))) {
          clearInterval(poll);
          process.kill(process.pid, "SIGTERM");
        }
      }, 0);
      await writeOutputFile(${JSON.stringify(f)}, "x".repeat(128 * 1024 * 1024), "-o");
      console.log("finished writing");
    `);
    const r = await exited(child);
    expect(r.signal).toBe("SIGTERM");
    expect(r.stdout).toBe("");
    expect(readdirSync(d)).toEqual(["big.txt"]);
    expect(readFileSync(f, "utf8")).toBe("old");
  });

  it("stdout on a full disk is exit 74 with a message; a closed pipe is 141", async () => {
    const full = openSync("/dev/full", "w");
    const r = await exited(spawn(node24(), [MAIN, "scenarios"], { stdio: ["ignore", full, "pipe"] }));
    closeSync(full);
    expect(r.code).toBe(74);
    expect(r.stderr).toMatch(/writing to standard output failed: ENOSPC/);
    const child = spawn(node24(), [MAIN, "trace", "io-uring-register"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.destroy(); // the reader goes away before pinsim writes
    const p = await exited(child);
    expect(p.code).toBe(141);
  });
});
