// The CLI bundle (src/cli/bundle.js, scripts/build-cli-bundle.ts): bin/pinsim.js may run it only
// while every source it was built from is unchanged, must fall back to the sources otherwise (and
// when it fails to load), and must print what the sources print.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCliBundle } from "../../scripts/build-cli-bundle.ts";
import {
  type BundleManifest,
  fileStamp,
  MANIFEST_FORMAT,
  readManifest,
  staleReason,
} from "../../src/cli/bundle.js";
import { node24, ROOT, until } from "../support/processes.ts";

const LAUNCHER = join(ROOT, "bin", "pinsim.js");

/** Waits long enough for the file clock (coarse ticks) to move on. */
function nextTick(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/** A checkout of two files and a bundle of one chunk, with a manifest that matches them. */
function fakeBundle(): { root: string; dir: string; manifest: BundleManifest } {
  const root = mkdtempSync(join(tmpdir(), "pinsim-bundle-root-"));
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src", "a.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "src", "b.ts"), "export const b = 2;\n");
  const dir = join(root, "bundle");
  mkdirSync(join(dir, "c1"), { recursive: true });
  writeFileSync(join(dir, "c1", "main.mjs"), "");
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    root,
    node: process.version,
    dir: "c1",
    entry: "main.mjs",
    chunks: ["main.mjs"],
    files: [fileStamp(root, "src/a.ts")!, fileStamp(root, "src/b.ts")!],
  };
  return { root, dir, manifest };
}

describe("staleReason: when a bundle is fresh", () => {
  it("is fresh when nothing changed, and survives a JSON round trip (as current.json)", () => {
    const { root, dir, manifest } = fakeBundle();
    expect(staleReason(manifest, root, dir)).toBeNull();
    expect(staleReason(JSON.parse(JSON.stringify(manifest)), root, dir)).toBeNull();
  });

  it("is stale when a source's content changes, even at the same size with its mtime set back", () => {
    const { root, dir, manifest } = fakeBundle();
    const file = join(root, "src", "a.ts");
    const ref = join(root, "ref");
    execFileSync("touch", ["-r", file, ref]); // its times, to the nanosecond (as tar or cp -p keep them)
    nextTick();
    writeFileSync(file, "export const a = 7;\n"); // same length
    execFileSync("touch", ["-r", ref, file]);
    expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([
      manifest.files[0]![1],
      manifest.files[0]![2],
    ]);
    expect(staleReason(manifest, root, dir)).toBe("src/a.ts changed");
  });

  it("is stale when a source is gone, a chunk is missing, or it was built elsewhere", () => {
    const a = fakeBundle();
    rmSync(join(a.root, "src", "b.ts"));
    expect(staleReason(a.manifest, a.root, a.dir)).toBe("src/b.ts is gone");
    const b = fakeBundle();
    rmSync(join(b.dir, "c1", "main.mjs"));
    expect(staleReason(b.manifest, b.root, b.dir)).toBe("chunk main.mjs is missing");
    const c = fakeBundle();
    expect(staleReason({ ...c.manifest, root: "/elsewhere" }, c.root, c.dir)).toMatch(/^built for/);
    expect(staleReason({ ...c.manifest, node: "v24.0.0-other" }, c.root, c.dir)).toMatch(/^built by Node/);
    expect(staleReason({ ...c.manifest, format: MANIFEST_FORMAT + 1 }, c.root, c.dir)).not.toBeNull();
  });

  it("never throws on a manifest that is not one", () => {
    const { root, dir } = fakeBundle();
    for (const m of [null, "x", 3, {}, { format: MANIFEST_FORMAT, root, node: process.version }]) {
      expect(staleReason(m, root, dir)).not.toBeNull();
    }
    writeFileSync(join(dir, "current.json"), "{ not json");
    expect(readManifest(dir)).toBeNull();
  });
});

/** bin/pinsim.js with a bundle directory of the test's own; PINSIM_BUNDLE=use: no builds. */
function launch(args: readonly string[], env: Record<string, string>) {
  const r = spawnSync(node24(), [LAUNCHER, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, PINSIM_BUNDLE: "use", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A bundle for this checkout whose entry only says it ran, fresh unless `files` says otherwise. */
function markerBundle(entryCode: string, files: BundleManifest["files"] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "pinsim-bundle-"));
  mkdirSync(join(dir, "m"));
  writeFileSync(join(dir, "m", "main.mjs"), entryCode);
  const manifest = {
    format: MANIFEST_FORMAT,
    root: ROOT,
    node: "",
    dir: "m",
    entry: "main.mjs",
    chunks: ["main.mjs"],
    files,
  };
  manifest.node = execFileSync(node24(), ["-p", "process.version"], { encoding: "utf8" }).trim();
  writeFileSync(join(dir, "current.json"), JSON.stringify(manifest));
  return dir;
}

describe("bin/pinsim.js and the bundle", () => {
  const MARKER = 'process.stdout.write("from the bundle\\n");\n';

  it("runs a fresh bundle's entry", () => {
    const r = launch(["versions"], { PINSIM_BUNDLE_DIR: markerBundle(MARKER) });
    expect(r.stdout).toBe("from the bundle\n");
  });

  it("runs the sources when a source changed since the build", () => {
    const stamp = fileStamp(ROOT, "src/cli/args.ts")!;
    const dir = markerBundle(MARKER, [[stamp[0], stamp[1] + 1, stamp[2], stamp[3]]]);
    const r = launch(["versions"], { PINSIM_BUNDLE_DIR: dir });
    expect(r.stdout).toContain("bases:");
    expect(r.stdout).not.toContain("from the bundle");
    expect(existsSync(join(dir, "build.lock"))).toBe(false); // PINSIM_BUNDLE=use: no build started
  });

  it("starts a build in the background when the bundle is stale, which makes it fresh", async () => {
    const stamp = fileStamp(ROOT, "src/cli/args.ts")!;
    const dir = markerBundle(MARKER, [[stamp[0], stamp[1] + 1, stamp[2], stamp[3]]]);
    const r = launch(["versions"], { PINSIM_BUNDLE_DIR: dir, PINSIM_BUNDLE: "" });
    expect(r.stdout).toContain("bases:");
    // The vitest timeout bounds this wait: a build that never finishes fails the test.
    await until(
      () => staleReason(readManifest(dir), ROOT, dir) === null && !existsSync(join(dir, "build.lock")),
    );
    expect((readManifest(dir) as BundleManifest).files.map((f) => f[0])).toContain("src/cli/args.ts");
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("runs the sources when the bundle's entry fails to load", () => {
    const r = launch(["versions"], { PINSIM_BUNDLE_DIR: markerBundle("this is not JavaScript(\n") });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("bases:");
  });

  it("runs the sources with PINSIM_BUNDLE=0 and with --patch-module", () => {
    const dir = markerBundle(MARKER);
    expect(launch(["versions"], { PINSIM_BUNDLE_DIR: dir, PINSIM_BUNDLE: "0" }).stdout).toContain("bases:");
    const r = launch(["run", "pkvm-mlock-onfault", "--patch-module", "/no/such/patch.ts"], {
      PINSIM_BUNDLE_DIR: dir,
    });
    expect(r.stdout).not.toContain("from the bundle");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no such patch module");
  });
});

describe("buildCliBundle", () => {
  let dir = "";
  beforeAll(async () => {
    // Under the checkout's node_modules, as the real one: its chunks import packages by name.
    const cache = join(ROOT, "node_modules", ".cache", "pinsim");
    mkdirSync(cache, { recursive: true });
    dir = mkdtempSync(join(cache, "test-bundle-"));
    expect(await buildCliBundle(ROOT, dir, 0)).toMatch(/^built /);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The bundle's entry itself, without the launcher (which would hide a failing bundle). */
  function fromBundle(args: readonly string[]) {
    const m = readManifest(dir) as BundleManifest;
    const r = spawnSync(node24(), [join(dir, m.dir, m.entry), ...args], { cwd: ROOT, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("writes a manifest that is fresh and stamps every source it bundled, itself included", () => {
    const manifest = readManifest(dir) as BundleManifest;
    expect(staleReason(manifest, ROOT, dir)).toBeNull();
    const files = manifest.files.map((f) => f[0]);
    for (const f of [
      "src/cli/main.ts",
      "src/cli/cli.ts",
      "src/kernel/gup.ts",
      "scripts/build-cli-bundle.ts",
    ]) {
      expect(files).toContain(f);
    }
    expect(existsSync(join(dir, "build.lock"))).toBe(false);
  });

  it("prints what the sources print, with the same exit codes", () => {
    const commands = [
      ["versions"],
      ["scenarios"],
      ["run", "pkvm-mlock-onfault", "--runs", "1"],
      ["run", "pkvm-mlock-onfault", "--runs", "3", "--format", "json", "--workers", "1"],
      ["explain", "pkvm-mlock-onfault", "--kernel", "v6.15", "--seed", "4", "--vs", "v6.17"],
      ["check", "pkvm-mlock-onfault", "--kernel", "v6.17", "--json"],
      ["run", "no-such-scenario"],
      ["run", "pkvm-mlock-onfault", "--kernel", "v9.99"],
    ];
    // check's JSON carries its elapsed time: the one field that differs between two starts.
    const steady = (s: string) =>
      s.replace(/"([a-z_]*(elapsed|seconds|wall|rate|_s))": *[0-9.e+-]+/g, '"$1":X');
    for (const args of commands) {
      const bundled = fromBundle(args);
      const sources = launch(args, { PINSIM_BUNDLE: "0" });
      expect({ args, code: bundled.code, out: steady(bundled.stdout), err: bundled.stderr }).toEqual({
        args,
        code: sources.code,
        out: steady(sources.stdout),
        err: sources.stderr,
      });
    }
  });

  it("draws the same chart (vega, a package the chunks import by name)", () => {
    const svg = join(mkdtempSync(join(tmpdir(), "pinsim-bundle-plot-")), "c.svg");
    const args = ["compare", "pkvm-mlock-onfault", "--kernels", "v6.15", "--runs", "5", "--workers", "1"];
    const drawn = (run: typeof launch) => {
      const r = run([...args, "--quiet", "--plot", svg], { PINSIM_BUNDLE: "0" });
      return { ...r, svg: readFileSync(svg, "utf8") };
    };
    const bundled = drawn(fromBundle);
    rmSync(svg);
    expect(bundled).toEqual(drawn(launch));
    expect(bundled.svg).toContain("<svg");
  });

  it("leaves the bundle alone while another build holds the lock", async () => {
    const other = mkdtempSync(join(tmpdir(), "pinsim-bundle-locked-"));
    writeFileSync(join(other, "build.lock"), "1\n");
    expect(await buildCliBundle(ROOT, other, 0)).toBe("another build is running");
    expect(existsSync(join(other, "current.json"))).toBe(false);
  });

  it("stamps nothing while a source was just written, and fails on an import.meta it cannot keep", async () => {
    const root = mkdtempSync(join(tmpdir(), "pinsim-bundle-fake-"));
    mkdirSync(join(root, "src", "cli"), { recursive: true });
    mkdirSync(join(root, "scripts"));
    writeFileSync(join(root, "scripts", "build-cli-bundle.ts"), "// the rules\n");
    writeFileSync(join(root, "src", "cli", "main.ts"), 'process.stdout.write("hi\\n");\n');
    const out = join(root, "out");
    expect(await buildCliBundle(root, out, 60_000)).toMatch(/^not stamped: .* was just written/);
    expect(existsSync(join(out, "current.json"))).toBe(false);
    expect(await buildCliBundle(root, out, 0)).toMatch(/^built /);
    expect(staleReason(readManifest(out), root, out)).toBeNull();
    writeFileSync(join(root, "src", "cli", "main.ts"), "console.log(import.meta.dirname);\n");
    rmSync(join(out, "current.json"));
    await expect(buildCliBundle(root, out, 0)).rejects.toThrow(/import\.meta/);
    expect(existsSync(join(out, "current.json"))).toBe(false);
    expect(readFileSync(join(out, "build.lock"), "utf8")).toBe(`${process.pid}\n`); // no retry for a while
  });
});
