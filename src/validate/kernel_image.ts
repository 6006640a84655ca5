// The kernel validate boots: Debian's cloud kernel package, fetched with apt-get download and
// unpacked with dpkg-deb into a cache (never installed on the host), or the user's bzImage. The
// version string inside the image says which pinsim kernel models it.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ValidateInputError } from "./errors.ts";

export interface KernelImage {
  readonly path: string;
  /** Where it came from: "debian:<package>" or the path given. */
  readonly source: string;
  /** The image's version string (uname -a style), from its setup header. */
  readonly version: string;
}

export function cacheDir(): string {
  return process.env.PINSIM_CACHE ?? join(homedir(), ".cache", "pinsim");
}

const DEBIAN_META = "linux-image-cloud-amd64";

function run(cmd: string, args: string[], cwd?: string): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd });
  if (r.error !== undefined) return { ok: false, out: "", err: String(r.error.message) };
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

/** The versioned package: `6.1.0-56` -> linux-image-6.1.0-56-cloud-amd64; default: what the
 * linux-image-cloud-amd64 metapackage depends on. */
export function debianPackage(version: string | undefined): string {
  if (version !== undefined) {
    if (/^linux-image-[A-Za-z0-9.+-]+$/.test(version)) return version;
    if (/^\d+\.\d+\.\d+-\d+$/.test(version)) return `linux-image-${version}-cloud-amd64`;
    throw new ValidateInputError(
      `--debian-kernel: "${version}" is not an ABI version such as 6.1.0-56 or a package name linux-image-...`,
    );
  }
  const r = run("apt-cache", ["depends", DEBIAN_META]);
  const dep = /Depends:\s*(linux-image-\S+)/.exec(r.out);
  if (!r.ok || dep === null) {
    const cached = cachedDebianPackage();
    if (cached !== null) return cached;
    throw new ValidateInputError(
      `cannot find Debian's ${DEBIAN_META} (apt-cache: ${r.err.trim() || "no such package"}); run apt-get update, or pass --kernel-image PATH`,
    );
  }
  return dep[1]!;
}

/** Without apt's lists, the newest cloud kernel already in the cache, if any. */
function cachedDebianPackage(): string | null {
  const dir = join(cacheDir(), "kernels");
  if (!existsSync(dir)) return null;
  const abi = (n: string) => Number(/^linux-image-\d+\.\d+\.\d+-(\d+)-cloud-amd64$/.exec(n)?.[1] ?? -1);
  const pkgs = readdirSync(dir)
    .filter((n) => abi(n) >= 0 && vmlinuzIn(join(dir, n)) !== null)
    .sort((a, b) => abi(b) - abi(a));
  return pkgs[0] ?? null;
}

/** Fetches and unpacks the package into the cache once; returns its vmlinuz. */
export function fetchDebianKernel(pkg: string, onFetch: () => void): string {
  const dir = join(cacheDir(), "kernels", pkg);
  const found = vmlinuzIn(dir);
  if (found !== null) return found;
  onFetch();
  mkdirSync(join(cacheDir(), "kernels"), { recursive: true });
  const tmp = mkdtempSync(join(cacheDir(), "kernels", ".fetch-"));
  try {
    const dl = run("apt-get", ["download", pkg], tmp);
    const deb = readdirSync(tmp).find((f) => f.endsWith(".deb"));
    if (!dl.ok || deb === undefined)
      throw new ValidateInputError(
        `apt-get download ${pkg} failed: ${dl.err.trim()}; run apt-get update, or pass --kernel-image PATH`,
      );
    const x = run("dpkg-deb", ["-x", join(tmp, deb), join(tmp, "root")]);
    if (!x.ok) throw new ValidateInputError(`dpkg-deb -x ${deb} failed: ${x.err.trim()}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(tmp, "root"), dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const vmlinuz = vmlinuzIn(dir);
  if (vmlinuz === null) throw new ValidateInputError(`${pkg} holds no boot/vmlinuz-*`);
  return vmlinuz;
}

function vmlinuzIn(dir: string): string | null {
  const boot = join(dir, "boot");
  if (!existsSync(boot)) return null;
  const f = readdirSync(boot).find((n) => n.startsWith("vmlinuz-"));
  return f === undefined ? null : join(boot, f);
}

/** The kernel_version string of an x86 bzImage (boot protocol 2.00+: "HdrS" at 0x202, a pointer at 0x20e). */
export function bzImageVersion(path: string): string {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    throw new ValidateInputError(`--kernel-image: cannot read ${path}: ${(e as Error).message}`);
  }
  if (b.length < 0x210 || b.toString("latin1", 0x202, 0x206) !== "HdrS")
    throw new ValidateInputError(`--kernel-image: ${path} is not an x86 bzImage (no "HdrS" setup header)`);
  const at = b.readUInt16LE(0x20e) + 0x200;
  const end = b.indexOf(0, at);
  if (at >= b.length || end < 0)
    throw new ValidateInputError(`--kernel-image: ${path} has no version string`);
  return b.toString("latin1", at, end);
}

export interface ModelChoice {
  readonly kernel: string;
  readonly why: string;
}

/** The pinsim kernel that models a booted kernel, from its version string; null if none is known. */
export function modelFor(version: string): ModelChoice | null {
  if (version.includes("-pinsim-old-lru"))
    return {
      kernel: "v6.1+hugh-local-drain+hugh-may-be-lru-cached",
      why: "built by scripts/build-6.1-kernel.sh --old-rule: Debian's 6.1 with the collect drain test back to !folio_test_lru",
    };
  const debian = /Debian (\d+)\.(\d+)\.(\d+)/.exec(version);
  const m = debian ?? /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (m === null) return null;
  const [major, minor, sub] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major !== 6 || minor !== 1) return null;
  if (sub >= 155)
    return {
      kernel: "debian-6.1",
      why: `6.1.${sub}: 6.1.155 on carries the backported refcount check, local drain and folio_may_be_lru_cached`,
    };
  return { kernel: "v6.1", why: `6.1.${sub}: before the 6.1.155 backports` };
}
