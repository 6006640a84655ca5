// Builds the initramfs: program.h beside our init runtime, compiled with the host's gcc as a
// static binary (glibc static works on Debian: libc6-dev ships libc.a), packed as /init in a
// gzipped newc archive with /dev/console.

import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initramfs, S_IFCHR, S_IFDIR, S_IFREG } from "./cpio.ts";
import { ValidateInputError } from "./errors.ts";

const RUNTIME = new URL("./init/pinsim_init.c", import.meta.url);

const CFLAGS = ["-static", "-O2", "-pthread", "-Wall", "-Wno-unused-function"];

/** Compiles the init for `header` in `dir` and returns the initramfs bytes. */
export function buildInitramfs(header: string, dir: string): Uint8Array {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "program.h"), header);
  const src = join(dir, "pinsim_init.c");
  writeFileSync(src, readFileSync(RUNTIME));
  const out = join(dir, "init");
  const cc = process.env.CC ?? "gcc";
  const r = spawnSync(cc, [...CFLAGS, `-I${dir}`, "-o", out, src], { encoding: "utf8" });
  if (r.error !== undefined)
    throw new ValidateInputError(`no C compiler "${cc}" to build the init: apt-get install gcc libc6-dev`);
  if (r.status !== 0)
    throw new ValidateInputError(
      `${cc} could not build the static init (static glibc needs libc6-dev: apt-get install gcc libc6-dev):\n${r.stderr.trim()}`,
    );
  return initramfs([
    { name: "dev", mode: S_IFDIR | 0o755 },
    { name: "dev/console", mode: S_IFCHR | 0o600, rdev: { major: 5, minor: 1 } },
    { name: "init", mode: S_IFREG | 0o755, data: readFileSync(out) },
  ]);
}
